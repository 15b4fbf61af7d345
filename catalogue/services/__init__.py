"""Operations that change the catalogue: plain functions, keyword-only arguments, one transaction each."""
