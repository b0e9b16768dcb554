"""Uploaded media: a folder by default, S3-compatible storage when its variables are set."""

import json
import os
import subprocess
import sys
import uuid

import pytest
from botocore.exceptions import ClientError
from botocore.stub import Stubber
from django.conf import settings
from storages.backends.s3 import S3Storage

from iurc.core import health

PRODUCTION = {
    "DJANGO_SETTINGS_MODULE": "iurc.settings.production",
    "DJANGO_SECRET_KEY": "x" * 20 + uuid.uuid4().hex * 2,
    "DJANGO_ALLOWED_HOSTS": "iurc.example.org",
    "DATABASE_URL": "sqlite:////tmp/iurc-media-settings-test.sqlite3",
}
S3_VARIABLES = (
    "AWS_STORAGE_BUCKET_NAME",
    "AWS_S3_ENDPOINT_URL",
    "AWS_S3_REGION_NAME",
    "AWS_S3_CUSTOM_DOMAIN",
    "AWS_LOCATION",
)
# What production would use: the storage, the URL an uploaded image gets, what the CSP allows.
# The settings module is imported as Django would; the apps are not loaded (that takes seconds).
PROBE = """
import importlib, json, os
from django.conf import settings
module = importlib.import_module(os.environ["DJANGO_SETTINGS_MODULE"])
settings.configure(**{name: getattr(module, name) for name in dir(module) if name.isupper()})
from django.core.files.storage import storages
storage = storages["default"]
print(json.dumps({
    "backend": type(storage).__module__ + "." + type(storage).__name__,
    "image_url": storage.url("images/harbour.jpg"),
    "location": str(getattr(storage, "location", "")),
    "img_src": list(settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]),
    "admin_img_src": list(settings.IURC_ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"]),
    "documents": settings.WAGTAILDOCS_SERVE_METHOD,
}))
"""


def production_media(**variables):
    base = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "AWS_")) and key != "DATABASE_URL"
    }
    result = subprocess.run(
        [sys.executable, "-c", PROBE],
        env={**base, **PRODUCTION, **variables},
        cwd=settings.BASE_DIR,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_media_go_to_a_folder_when_no_bucket_is_configured(tmp_path):
    media = production_media(DJANGO_MEDIA_ROOT=str(tmp_path))

    assert media["backend"] == "django.core.files.storage.filesystem.FileSystemStorage"
    assert media["location"] == str(tmp_path)
    assert media["image_url"] == "/media/images/harbour.jpg"
    assert media["documents"] == "serve_view"
    assert not any(source.startswith("https://") and "s3" in source for source in media["img_src"])


def test_an_s3_compatible_endpoint_gets_plain_path_style_urls_the_csp_allows():
    media = production_media(
        AWS_STORAGE_BUCKET_NAME="iurc-media",
        AWS_S3_ENDPOINT_URL="https://objects.example.net",
        AWS_S3_REGION_NAME="eu-central-1",
        AWS_ACCESS_KEY_ID="test-key",
        AWS_SECRET_ACCESS_KEY="test-secret",
    )

    assert media["backend"] == "storages.backends.s3.S3Storage"
    # Unsigned: a cached page never holds a link that expires.
    assert media["image_url"] == "https://objects.example.net/iurc-media/images/harbour.jpg"
    assert "https://objects.example.net" in media["img_src"]
    assert "https://objects.example.net" in media["admin_img_src"]
    # Documents still pass through Django, which enforces private collections.
    assert media["documents"] == "serve_view"


def test_a_custom_domain_and_prefix_name_the_media_urls():
    media = production_media(
        AWS_STORAGE_BUCKET_NAME="iurc-media",
        AWS_S3_REGION_NAME="eu-west-1",
        AWS_S3_CUSTOM_DOMAIN="media.iurc.example.org",
        AWS_LOCATION="portal",
    )

    assert media["backend"] == "storages.backends.s3.S3Storage"
    assert media["image_url"] == "https://media.iurc.example.org/portal/images/harbour.jpg"
    assert "https://media.iurc.example.org" in media["img_src"]


@pytest.fixture
def s3_storage():
    storage = S3Storage(
        bucket_name="iurc-media",
        endpoint_url="https://objects.example.net",
        region_name="eu-central-1",
        access_key="test-key",
        secret_key="test-secret",
    )
    with Stubber(storage.connection.meta.client) as stubber:
        yield storage, stubber


def test_readiness_asks_the_bucket_itself(s3_storage, monkeypatch):
    storage, stubber = s3_storage
    monkeypatch.setattr(health, "storages", {"default": storage})
    stubber.add_response("head_bucket", {}, {"Bucket": "iurc-media"})

    health.check_storage()

    stubber.assert_no_pending_responses()


@pytest.mark.parametrize("status", [403, 404])
def test_readiness_fails_on_a_bucket_refused_or_missing(s3_storage, monkeypatch, status):
    storage, stubber = s3_storage
    monkeypatch.setattr(health, "storages", {"default": storage})
    stubber.add_client_error("head_bucket", http_status_code=status)

    with pytest.raises(ClientError) as raised:
        health.check_storage()

    assert raised.value.response["ResponseMetadata"]["HTTPStatusCode"] == status


@pytest.mark.django_db
def test_a_document_in_a_private_collection_goes_only_to_those_allowed(client, settings, tmp_path):
    # The production storage: a folder (the tests' in-memory storage has no files to send).
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model
    from wagtail.models import Collection, CollectionViewRestriction

    root = Collection.get_first_root_node()
    private = root.add_child(name="Internal")
    CollectionViewRestriction.objects.create(
        collection=private, restriction_type=CollectionViewRestriction.LOGIN
    )
    Document = get_document_model()
    public = Document(title="Annual report")
    public.file.save("annual-report.txt", ContentFile(b"For everyone"), save=False)
    public.save()
    internal = Document(title="Budget", collection=private)
    internal.file.save("budget.txt", ContentFile(b"Staff only"), save=False)
    internal.save()

    public_response = client.get(public.url)
    internal_response = client.get(internal.url)

    # Served by Django, at /documents/<id>/<name>, never a link into the storage.
    assert public.url.startswith("/documents/") and internal.url.startswith("/documents/")
    assert public_response.status_code == 200, public_response.content[:300]
    assert b"".join(public_response.streaming_content) == b"For everyone"
    assert internal_response.status_code == 302
    assert "login" in internal_response["Location"]
    assert b"Staff only" not in internal_response.content
