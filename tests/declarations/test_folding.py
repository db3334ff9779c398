from __future__ import annotations

from workbench.declarations.folding import fold, fold_with_positions


def test_fold_removes_accents_and_case() -> None:
    assert fold("Déclaration de SÉOUL, Œuvre") == "declaration de seoul, œuvre"


def test_fold_handles_decomposed_accents_and_expanding_letters() -> None:
    assert fold("De\u0301claration") == "declaration"
    assert fold("Straße") == "strasse"


def test_positions_map_folded_characters_back() -> None:
    folded, positions = fold_with_positions("Straße é")
    assert folded == "strasse e"
    assert len(positions) == len(folded)
    assert positions[4] == positions[5] == 4  # both s of "ss" come from "ß"
    assert positions[-1] == 7
