"""The seed application's model: the registration record, one-to-one with Django's user."""
from django.conf import settings
from django.db import models


class UserRegistrationModel(models.Model):
    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
    activation_key = models.CharField(max_length=64, blank=True)
    key_expires = models.DateTimeField(null=True, blank=True)
    registered_ip = models.GenericIPAddressField(null=True, blank=True)
