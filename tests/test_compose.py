"""compose.yaml: every service checked for health, secrets only from .env, media shared with
nginx, and what it names (Dockerfile stages, nginx's template variables) exists."""

import re
import shutil
import subprocess

import pytest
import yaml
from django.conf import settings

ROOT = settings.BASE_DIR
COMPOSE = yaml.safe_load((ROOT / "compose.yaml").read_text())
SERVICES = COMPOSE["services"]
REQUIRED_SECRETS = {"DJANGO_SECRET_KEY", "DJANGO_ALLOWED_HOSTS", "POSTGRES_PASSWORD"}


def env_example():
    names = {}
    for line in (ROOT / ".env.example").read_text().splitlines():
        match = re.match(r"#?\s*([A-Z][A-Z0-9_]+)=(.*)$", line)
        if match:
            names[match[1]] = (match[2], not line.startswith("#"))
    return names


def interpolated(value):
    """${NAME...} references in a compose value: name -> default or requirement."""
    return dict(re.findall(r"\$\{([A-Z0-9_]+)(?::?[-?]([^}]*))?\}", str(value)))


def test_the_four_services_each_have_a_health_check():
    assert set(SERVICES) == {"proxy", "app", "db", "redis"}
    for name, service in SERVICES.items():
        check = service.get("healthcheck", {})
        assert check.get("test"), name
        assert service.get("restart") == "unless-stopped", name


def test_the_app_is_ready_only_after_its_dependencies_and_nginx_only_after_the_app():
    assert "/readyz/" in " ".join(SERVICES["app"]["healthcheck"]["test"])
    assert SERVICES["app"]["depends_on"] == {
        "db": {"condition": "service_healthy"},
        "redis": {"condition": "service_healthy"},
    }
    assert SERVICES["proxy"]["depends_on"] == {"app": {"condition": "service_healthy"}}


def test_secrets_come_from_the_env_file_and_have_no_default():
    references = {}
    for service in SERVICES.values():
        for value in (service.get("environment") or {}).values():
            references.update(interpolated(value))
    for secret in REQUIRED_SECRETS:
        assert secret in references, secret
        # ${NAME:?message}: compose refuses to start without it.
        assert references[secret].startswith("set "), secret
    example = env_example()
    for secret in REQUIRED_SECRETS:
        value, active = example[secret]
        assert active and value == "", f"{secret} must be listed empty in .env.example"
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    assert ".env" in ignored
    assert ".env" in (ROOT / ".dockerignore").read_text().splitlines()


def test_only_nginx_publishes_a_port():
    assert [name for name, service in SERVICES.items() if service.get("ports")] == ["proxy"]


def test_media_live_on_a_volume_nginx_reads_where_its_template_looks():
    app_volumes = SERVICES["app"]["volumes"]
    proxy_volumes = SERVICES["proxy"]["volumes"]
    media_root = SERVICES["app"]["environment"]["DJANGO_MEDIA_ROOT"]
    assert f"media:{media_root}" in app_volumes
    assert f"media:{media_root}:ro" in proxy_volumes
    assert SERVICES["proxy"]["environment"]["IURC_MEDIA_ROOT"] == media_root
    assert "media" in COMPOSE["volumes"] and "postgres" in COMPOSE["volumes"]


def test_nginx_gets_every_variable_its_template_names():
    template = (ROOT / "deploy" / "nginx" / "iurc.conf.template").read_text()
    needed = set(re.findall(r"\$\{(IURC_[A-Z_]+)\}", template))
    assert needed
    assert needed <= set(SERVICES["proxy"]["environment"])


def test_the_build_targets_exist_in_the_dockerfile():
    stages = set(re.findall(r"^FROM \S+ AS (\S+)$", (ROOT / "Dockerfile").read_text(), re.M))
    for name in ("app", "proxy"):
        assert SERVICES[name]["build"]["target"] in stages


def test_docker_compose_accepts_the_file(tmp_path):
    docker = shutil.which("docker")
    if not docker or subprocess.run([docker, "compose", "version"], capture_output=True).returncode:
        pytest.skip("the docker compose plugin is not installed")
    env = tmp_path / ".env"
    env.write_text(
        "DJANGO_SECRET_KEY=compose-config-only\nDJANGO_ALLOWED_HOSTS=localhost\n"
        "POSTGRES_PASSWORD=compose\n"
    )
    result = subprocess.run(
        [docker, "compose", "--env-file", str(env), "-f", str(ROOT / "compose.yaml"), "config"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 0, result.stderr
