"""Makes a Django database for DjangoImportTest: migrates the project (auth, contenttypes and the seed's
UserRegistrationModel) into DJANGO_DB_NAME, then creates users with Django's own make_password for
every hasher this Django ships, groups, staff and superusers, inactive users, a user without a usable
password, one without an address and two whose addresses differ only in case. Prints one JSON object
a line per user (with the plain password the test logs in with) on standard output.

Run: DJANGO_DB_NAME=... DJANGO_SEED_TAG=... python3 seed.py   (Debian's python3-django and friends)
"""
import base64
import datetime
import hashlib
import json
import os
import secrets
import sys
import warnings

warnings.simplefilter("ignore")
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.contrib.auth.hashers import get_hasher, make_password  # noqa: E402
from django.contrib.auth.models import Group, User  # noqa: E402
from django.core.management import call_command  # noqa: E402

from legacy.models import UserRegistrationModel  # noqa: E402

call_command("migrate", verbosity=0)
tag = os.environ.get("DJANGO_SEED_TAG", "seed")
domain = f"{tag}.django.example"
out = []
joined = datetime.datetime(2021, 4, 1, 12, 0, tzinfo=datetime.timezone.utc)


def django4_scrypt(password):
    """Django 4's ScryptPasswordHasher, for a Django older than 4.0 (Debian 12 ships 3.2)."""
    salt = secrets.token_hex(11)
    n, r, p = 2 ** 14, 8, 1
    key = hashlib.scrypt(password.encode(), salt=salt.encode(), n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=64)
    return "scrypt$%d$%s$%d$%d$%s" % (n, salt, r, p, base64.b64encode(key).decode("ascii"))


def add(username, email, password, hasher, *, active=True, staff=False, superuser=False, groups=(),
        registered=False, days=0, logged_in=False, encoded=None):
    user = User(username=username, email=email, first_name="Ada", last_name=hasher.title(),
                is_active=active, is_staff=staff, is_superuser=superuser,
                date_joined=joined + datetime.timedelta(days=days),
                last_login=(joined + datetime.timedelta(days=days + 30)) if logged_in else None)
    if encoded is not None:
        user.password = encoded
    elif password is None:
        user.set_unusable_password()
    else:
        user.password = make_password(password, hasher=hasher)
    user.save()
    for name in groups:
        user.groups.add(Group.objects.get_or_create(name=name)[0])
    if registered:
        UserRegistrationModel.objects.create(user=user, activation_key="", registered_ip="192.0.2.7")
    out.append({"djangoId": user.id, "email": email, "password": password, "hasher": hasher, "active": active,
                "staff": staff, "superuser": superuser, "groups": sorted(groups), "registered": registered,
                "dateJoined": user.date_joined.isoformat()})


for i, path in enumerate(settings.PASSWORD_HASHERS):
    algorithm = __import__(path.rsplit(".", 1)[0], fromlist=["x"]).__dict__[path.rsplit(".", 1)[1]].algorithm
    # Non-ASCII on purpose (UTF-8 bytes go into every hash); distinct in the first 8 bytes for DES crypt.
    password = f"{i}Pässwort-{algorithm}-7Qx!"
    add(f"user_{algorithm}", f"{algorithm}@{domain}", password, algorithm, registered=i % 2 == 0, days=i,
        logged_in=i % 3 == 0)
if not any(p.endswith("ScryptPasswordHasher") for p in settings.PASSWORD_HASHERS):
    password = "Scrypt-Pässwort-4!"
    add("user_scrypt", f"scrypt@{domain}", password, "scrypt", registered=True, days=20,
        encoded=django4_scrypt(password))

add("staff", f"Staff.Person@{domain}", "Staff-Pässwort-1!", "pbkdf2_sha256", staff=True, groups=["Editors"],
    registered=True, days=30)
add("root", f"root@{domain}", "Root-Pässwort-2!", "argon2", staff=True, superuser=True,
    groups=["Editors", "Blog Authors"], days=31)
add("gone", f"inactive@{domain}", "Gone-Pässwort-3!", "bcrypt_sha256", active=False, registered=True, days=32)
add("nopass", f"unusable@{domain}", None, "unusable", registered=True, days=33)
add("noaddress", "", "Blank-Pässwort-5!", "pbkdf2_sha256", days=34)
add("dup1", f"Dup.Person@{domain}", "Dup-Pässwort-6!", "pbkdf2_sha256", days=35)
add("dup2", f"dup.person@{domain}", "Dup-Pässwort-7!", "pbkdf2_sha256", days=36)

for line in out:
    print(json.dumps(line))
