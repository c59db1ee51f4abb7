"""The wheel carries the built-in specs and templates, and works outside the source tree."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]

CHECK = r"""
import json, sys
from pathlib import Path
import linkstar_cli
from linkstar_cli.resources import data_dir
from linkstar_cli.specs.loader import SpecRegistry
from linkstar_cli.render.layout import load_layout
from linkstar_cli.render.text import make_environment

templates = data_dir("templates")
registry = SpecRegistry()
specs = registry.load_all()
environment = make_environment([templates])
names = sorted(path.relative_to(templates).as_posix() for path in templates.rglob("*") if path.is_file())
for name in names:
    if name.endswith(".j2"):
        environment.get_template(name)
    elif name.startswith("layouts/"):
        load_layout(Path(name).stem, [templates / "layouts"])
print(json.dumps({
    "package": linkstar_cli.__file__,
    "templates": str(templates),
    "specs": [spec.id for spec in specs],
    "template_names": names,
}))
"""


@pytest.mark.slow
def test_wheel_has_specs_and_templates(tmp_path: Path) -> None:
    dist = tmp_path / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--wheel-dir", str(dist), str(ROOT)],
        check=True,
        capture_output=True,
    )
    wheel = next(dist.glob("linkstar_cli-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "linkstar_cli/platform_specs/amazon-de.yaml" in names
    assert "linkstar_cli/templates/amazon/listing.json.j2" in names
    assert "linkstar_cli/i18n/zh_CN/linkstar.po" in names

    # A fresh venv that sees this venv's dependencies but not the editable source checkout.
    target = tmp_path / "venv"
    venv.EnvBuilder(with_pip=True).create(target)
    python = target / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run([str(python), "-m", "pip", "install", "--no-deps", "--no-index", str(wheel)], check=True, capture_output=True)
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], check=True, capture_output=True, text=True).stdout.strip()
    install = Path(site)
    # Dependencies come from the test venv; its editable .pth for the source tree is not read from there.
    dependencies = [path for path in sys.path if path.endswith("site-packages")]
    (install / "zz-test-dependencies.pth").write_text("\n".join(dependencies) + "\n", encoding="utf-8")

    result = subprocess.run([str(python), "-c", CHECK], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    found = json.loads(result.stdout)

    assert found["package"].startswith(str(install))
    assert found["templates"].startswith(str(install))
    assert {"amazon-us", "amazon-de", "amazon-jp", "tiktok-uk", "shopee-sg"} <= set(found["specs"])
    assert "amazon/listing.json.j2" in found["template_names"]
    assert "layouts/features.yaml" in found["template_names"]
