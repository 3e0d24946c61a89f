"""Files the content names beside it: the agency's logo and the signed original of a year. They are
published with the site after checks: a regular file of its kind, bounded, with the stated SHA-256."""
from __future__ import annotations

import hashlib
import zlib

from .test_cli import run

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png() -> bytes:
    def chunk(kind, data):
        return len(data).to_bytes(4, "big") + kind + data + zlib.crc32(kind + data).to_bytes(4, "big")
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", (1).to_bytes(4, "big") * 2 + bytes([8, 2, 0, 0, 0]))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\xff\xff")) + chunk(b"IEND", b""))


def with_files(project, sha=None, logo_bytes=None, pdf_bytes=PDF):
    (project.content / "logo.png").write_bytes(logo_bytes or png())
    (project.content / "2025" / "lkjip-2025.pdf").write_bytes(pdf_bytes)
    instansi = project.content / "instansi.yaml"
    instansi.write_text(instansi.read_text(encoding="utf-8") + "logo: logo.png\n", encoding="utf-8")
    laporan = project.content / "2025" / "laporan.yaml"
    digest = sha or hashlib.sha256(pdf_bytes).hexdigest()
    laporan.write_text(laporan.read_text(encoding="utf-8").replace(
        "kerangka:\n", f"dokumen_asli: {{berkas: lkjip-2025.pdf, sha256: {digest}, url: 'https://contoh.go.id/lkjip-2025.pdf'}}\nkerangka:\n", 1),
        encoding="utf-8")


def test_the_logo_and_the_signed_original_are_published_and_linked(project_copy, capsys):
    with_files(project_copy)
    code, output = run(project_copy, capsys, "build")
    assert code == 0, output
    assert (project_copy.site / "logo.png").read_bytes() == (project_copy.content / "logo.png").read_bytes()
    assert (project_copy.site / "2025" / "lkjip-2025.pdf").read_bytes() == PDF
    home = (project_copy.site / "index.html").read_text(encoding="utf-8")
    assert 'src="logo.png"' in home and 'href="2025/lkjip-2025.pdf"' in home and hashlib.sha256(PDF).hexdigest() in home
    year_home = (project_copy.site / "2025" / "index.html").read_text(encoding="utf-8")
    assert 'src="../logo.png"' in year_home


def test_a_signed_original_that_changed_since_its_checksum_was_written_is_refused(project_copy, capsys):
    with_files(project_copy, sha="0" * 64)
    code, output = run(project_copy, capsys, "validate")
    assert code == 1 and "dokumen_asli.berkas: SHA-256 berkas lkjip-2025.pdf tidak sama dengan yang tertulis" in output


def test_a_file_that_is_not_what_its_name_says_is_refused(project_copy, capsys):
    with_files(project_copy, logo_bytes=b"<svg onload=alert(1)>", pdf_bytes=b"<html>")
    code, output = run(project_copy, capsys, "validate")
    assert code == 1 and "berkas logo.png bukan berkas PNG" in output and "berkas lkjip-2025.pdf bukan berkas PDF" in output
