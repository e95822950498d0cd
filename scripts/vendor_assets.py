"""Copy the dashboard's front-end files from node_modules into the package's static folder.

`scripts/setup` runs `npm ci` (exact versions from package-lock.json), then this script. Only the
files the pages load are copied, with each package's licence, into
`src/oddsdesk/web/static/vendor/` (gitignored), so the server needs neither npm nor the network at
run time. A version in node_modules that differs from the lock file stops with the fix to run.
"""

from __future__ import annotations

import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
VENDOR = ROOT / "src/oddsdesk/web/static/vendor"

# package -> (file in the package, name under static/vendor/)
FILES: dict[str, list[tuple[str, str]]] = {
    "htmx.org": [("dist/htmx.min.js", "htmx.min.js"), ("LICENSE", "htmx.LICENSE.txt")],
    "uplot": [
        ("dist/uPlot.iife.min.js", "uplot.min.js"),
        ("dist/uPlot.min.css", "uplot.min.css"),
        ("LICENSE", "uplot.LICENSE.txt"),
    ],
}


def locked_versions(lock_path: Path) -> dict[str, str]:
    packages = json.loads(lock_path.read_text())["packages"]
    return {name: packages[f"node_modules/{name}"]["version"] for name in FILES}


def main() -> int:
    lock = ROOT / "package-lock.json"
    if not lock.is_file():
        print(f"vendor_assets: {lock} is missing", file=sys.stderr)
        return 1
    VENDOR.mkdir(parents=True, exist_ok=True)
    manifest: dict[str, str] = {}
    for name, version in locked_versions(lock).items():
        package = ROOT / "node_modules" / name
        installed = package / "package.json"
        if not installed.is_file():
            print(f"vendor_assets: {name} is not installed; run `npm ci`", file=sys.stderr)
            return 1
        found = json.loads(installed.read_text())["version"]
        if found != version:
            print(
                f"vendor_assets: {name} {found} installed but {version} locked; run `npm ci`",
                file=sys.stderr,
            )
            return 1
        for source, target in FILES[name]:
            shutil.copyfile(package / source, VENDOR / target)
        manifest[name] = version
    (VENDOR / "versions.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    print("vendor_assets: " + ", ".join(f"{n} {v}" for n, v in sorted(manifest.items())))
    return 0


if __name__ == "__main__":
    sys.exit(main())
