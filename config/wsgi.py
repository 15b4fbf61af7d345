"""
WSGI config for config project.

It exposes the WSGI callable as a module-level variable named ``application``: Django's handler, wrapped so a
worker gives back the memory of a large upload once it has answered it (config.memory).

For more information on this file, see
https://docs.djangoproject.com/en/5.2/howto/deployment/wsgi/
"""

import os

from django.core.wsgi import get_wsgi_application

from config.memory import ReleaseMemoryAfterLargeBodies

os.environ.setdefault('DJANGO_SETTINGS_MODULE', 'config.settings')

application = ReleaseMemoryAfterLargeBodies(get_wsgi_application())
