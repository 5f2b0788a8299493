"""argostranslate's own translations of the tiny packages, for the layout tests.

Run in a subprocess (``importlib`` of argostranslate.translate pulls in torch and stanza, 3-4 s,
and must stay out of the test process, whose build test asserts torch is never imported):

    python tests/argos_reference.py JOB.json   ->  prints {"name": [outputs...], ...}

JOB.json: {"sentences": [...], "packages": [{"name", "file", "dir", "from", "to"}, ...]}. Each
package is installed with argostranslate's ``install_from_path`` into its own folder, then every
sentence is translated with ``argostranslate.translate.translate``. Set ARGOS_COMPUTE_TYPE and
ARGOS_BEAM_SIZE in the environment to match the engine's decoding.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path


def main() -> None:
    job = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    from argostranslate import package, settings, translate

    out: dict[str, object] = {}
    for spec in job["packages"]:
        folder = Path(spec["dir"])
        folder.mkdir(parents=True, exist_ok=True)
        settings.package_data_dir = folder
        settings.package_dirs = [folder]
        package.install_from_path(Path(spec["file"]))
        translate.get_installed_languages.cache_clear()
        translate.installed_translates.clear()
        out[spec["name"]] = {
            "dir": str(folder),
            "installed": sorted(
                [p.from_code, p.to_code, p.package_version]
                for p in package.get_installed_packages()
            ),
            "outputs": [translate.translate(s, spec["from"], spec["to"]) for s in job["sentences"]],
        }
    json.dump(out, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
