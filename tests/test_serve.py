"""`lkjip serve`: editing a YAML file regenerates the pages and the preview shows the change."""
import socket
import subprocess
import sys
import time
import urllib.request

from tests.conftest import copy_project


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return ""


def wait_for(url: str, text: str, seconds: float = 40) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if text in fetch(url):
            return True
        time.sleep(0.3)
    return False


def test_editing_content_regenerates_the_preview(tmp_path):
    root = copy_project(tmp_path / "proj")
    port = free_port()
    url = f"http://127.0.0.1:{port}/"
    log = open(root / "serve.log", "w", encoding="utf-8")  # noqa: SIM115 - closed with the server
    server = subprocess.Popen([sys.executable, "-m", "lkjip.cli", "--root", str(root), "serve", "--dev-addr", f"127.0.0.1:{port}"],
                              stdout=log, stderr=subprocess.STDOUT, text=True)
    try:
        assert wait_for(url, "Laporan ditetapkan di Jambi, 14 Januari 2026"), "preview did not start"
        laporan = root / "content" / "2025" / "laporan.yaml"
        laporan.write_text(laporan.read_text(encoding="utf-8").replace("tempat: Jambi", "tempat: Kota Jambi"), encoding="utf-8")
        assert wait_for(url, "Laporan ditetapkan di Kota Jambi, 14 Januari 2026"), "edit was not picked up"
        time.sleep(3)  # an edit is one rebuild: reading files (every rebuild does) must not start another
        output = root / "serve.log"
        builds = output.read_text(encoding="utf-8").count("Building documentation")
        time.sleep(3)
        assert output.read_text(encoding="utf-8").count("Building documentation") == builds
        # a project's own template overrides the tool's, and the preview picks it up
        from lkjip.resources import templates_dir

        template = root / "site_templates" / "pages" / "index.md.j2"
        template.parent.mkdir(parents=True)
        own = (templates_dir() / "pages" / "index.md.j2").read_text(encoding="utf-8")
        assert "## {{ r.jabatan_kepala }}\n" in own
        template.write_text(own.replace("## {{ r.jabatan_kepala }}\n", "## {{ r.jabatan_kepala }} (pratinjau)\n"), encoding="utf-8")
        assert wait_for(url, "Kepala Dinas (pratinjau)"), "template edit was not picked up"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()
