"""Settings of the small Django project that DjangoImportTest migrates into a throwaway database.

The database comes from the environment (DJANGO_DB_NAME, DJANGO_DB_HOST, DJANGO_DB_PORT,
DJANGO_DB_USER); every hasher this Django ships is enabled, so that seed.py can make a user with each.
"""
import os

SECRET_KEY = "test-only-not-a-secret"
USE_TZ = True
INSTALLED_APPS = ["django.contrib.contenttypes", "django.contrib.auth", "legacy"]
DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": os.environ["DJANGO_DB_NAME"],
        "HOST": os.environ.get("DJANGO_DB_HOST", "127.0.0.1"),
        "PORT": os.environ.get("DJANGO_DB_PORT", "5432"),
        "USER": os.environ.get("DJANGO_DB_USER", "postgres"),
    }
}
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.BCryptSHA256PasswordHasher",
    "django.contrib.auth.hashers.BCryptPasswordHasher",
    "django.contrib.auth.hashers.SHA1PasswordHasher",
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.UnsaltedSHA1PasswordHasher",
    "django.contrib.auth.hashers.UnsaltedMD5PasswordHasher",
    "django.contrib.auth.hashers.CryptPasswordHasher",
]
try:
    from django.contrib.auth.hashers import ScryptPasswordHasher  # noqa: F401  (Django 4.0 and later)
    PASSWORD_HASHERS.append("django.contrib.auth.hashers.ScryptPasswordHasher")
except ImportError:
    pass
