"""Issue 5's check: the seed, a copy of it from another source, and a report of the May 16 talks
give exactly two in-person Russian–Tajik meetings in 2022, the May 16 one from two documents."""

from __future__ import annotations

import json
from pathlib import Path

import dateline
from conftest import SEED

MAY_16 = (
    " date 2022-05-16 MOSCOW, May 16. /TASS/. Russian President Vladimir Putin held talks with Tajik"
    " President Emomali Rakhmon in Moscow on Monday on the sidelines of the summit of the Collective"
    " Security Treaty Organization, the Kremlin press service said.\n"
)


def test_two_meetings_in_2022(tmp_path: Path, coder: dateline.pipeline.Coder) -> None:
    (tmp_path / "may16.txt").write_text(MAY_16)
    body = SEED.read_text().split("/TASS/. ", 1)[1]
    copy = {"id": "other-0628", "source": "Example Agency", "published": "2022-06-28",
            "text": "DUSHANBE, June 28 (Example Agency) - " + body}
    (tmp_path / "copy.jsonl").write_text(json.dumps(copy) + "\n")
    store = tmp_path / "store"
    paths = [str(tmp_path / "may16.txt"), str(SEED), str(tmp_path / "copy.jsonl")]
    dateline.ingest(paths, store=store, coder=coder)
    where = dateline.EventFilter(dyad=("RUS", "TJK"), since="2022-01-01", until="2022-12-31",
                                 modality="asserted")
    with dateline.open_store(store) as reader:
        clusters = [c for c in reader.iter_clusters(where)
                    if c["cameo_root"] == "04" and c["cameo"] != ["041"]]
    assert [c["date"] for c in clusters] == ["2022-05-16", "2022-06-28"]
    assert clusters[0]["documents"] == 2
