"""Language codes between the detector, the config and the Argos index; versions in numeric
order; the packages folder argostranslate is configured with; the compute type (issue 14)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from briefing.config import Settings
from briefing.translate.engine import CT2Engine
from briefing.translate.packages import (
    InstalledPackage,
    find_model,
    find_route,
    language_candidates,
    packages_dir,
    version_key,
)


def pkg(src: str, dst: str, version: str = "1.0", name: str = "") -> InstalledPackage:
    return InstalledPackage(src, dst, version, Path("/nowhere") / (name or f"{src}_{dst}"))


@pytest.mark.parametrize(
    "asked, installed, expected",
    [
        (("no", "en"), [("nb", "en")], "nb-en"),  # py3langid says no, the index nb
        (("nn", "en"), [("nb", "en")], "nb-en"),
        (("en", "zh-Hant"), [("en", "zt"), ("en", "zh")], "en-zt"),  # Traditional Chinese
        (("en", "zh_TW"), [("en", "zh")], "en-zh"),  # no zt package: Chinese still
        (("pt-BR", "en"), [("pb", "en"), ("pt", "en")], "pb-en"),
        (("pt_BR", "en"), [("pt", "en")], "pt-en"),
        (("en", "pt-PT"), [("en", "pt"), ("en", "pb")], "en-pt"),
        (("iw", "en"), [("he", "en")], "he-en"),
        (("de-AT", "en"), [("de", "en")], "de-en"),  # a region falls back to the language
    ],
)
def test_codes_map_to_the_index(asked, installed, expected) -> None:
    found = find_model(*asked, [pkg(a, b) for a, b in installed])
    assert found is not None and found.pair == expected


def test_mapping_also_routes_through_english() -> None:
    route = find_route("no", "pt-BR", [pkg("nb", "en"), pkg("en", "pb")])
    assert [p.pair for p in route or []] == ["nb-en", "en-pb"]
    assert language_candidates("de") == ("de",)
    assert language_candidates("zh-Hant") == ("zh-Hant", "zt", "zh")  # as written first
    found = find_model("en", "zh-Hant", [pkg("en", "zh-Hant"), pkg("en", "zt")])
    assert found is not None and found.pair == "en-zh-Hant"


def test_versions_compare_as_numbers() -> None:
    assert version_key("1.10") > version_key("1.9") > version_key("1.2.1") > version_key("1.2")
    assert version_key("2.0") > version_key("1.99")
    newest = find_model("de", "en", [pkg("de", "en", v, f"v{v}") for v in ("1.9", "1.10", "1.0")])
    assert newest is not None and newest.version == "1.10"


def test_argostranslate_settings_json_names_the_packages_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ARGOS_PACKAGES_DIR", raising=False)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert packages_dir() == tmp_path / "data" / "argos-translate" / "packages"
    settings = tmp_path / "config" / "argos-translate" / "settings.json"
    settings.parent.mkdir(parents=True)
    settings.write_text(json.dumps({"ARGOS_PACKAGES_DIR": str(tmp_path / "shared")}))
    assert packages_dir() == tmp_path / "shared"
    monkeypatch.setenv("ARGOS_PACKAGES_DIR", str(tmp_path / "env"))
    assert packages_dir() == tmp_path / "env"  # the environment wins, as in argostranslate
    monkeypatch.delenv("ARGOS_PACKAGES_DIR")
    settings.write_text("[not json")
    assert packages_dir() == tmp_path / "data" / "argos-translate" / "packages"


def test_compute_type_is_the_package_default_unless_set(tiny_de_en: Path) -> None:
    assert Settings().compute_type == "default"
    default = CT2Engine(Settings(device="cpu"))
    pkg = find_model("de", "en")
    assert pkg is not None
    model = default.registry.get(pkg)
    assert model.translator.compute_type == "float32"  # what the tiny package was saved as
    forced = CT2Engine(Settings(device="cpu", compute_type="int8"))
    assert forced.registry.get(pkg).translator.compute_type.startswith("int8")
