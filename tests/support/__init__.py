"""Test-side helpers that stand in for behaviour the product never has: extra routes, slowed-down services."""
