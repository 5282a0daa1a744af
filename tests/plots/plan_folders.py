"""Raw folders of N plans with a manifest, for drawing the figures at a researcher's scale.

A folder mixes copies of the five shipped plans (under other city ids, so
nothing in the package can recognise them by id) with synthetic plans in the
genre's conventions (:func:`cityplans.synthetic.synthetic_plan`), and names
every plan as a researcher would: an English and a Chinese label of a few
words, some of them long.
"""

from __future__ import annotations

import csv
import hashlib
import re
import shutil
from pathlib import Path

from cityplans import paths
from cityplans.corpus import read_manifest
from cityplans.synthetic import synthetic_plan

#: The places of the synthetic plans, romanized (the generator names its places in Chinese only).
PINYIN = {"青山": "Qingshan", "河源": "Heyuan", "东湖": "Donghu", "平安": "Ping'an", "兴隆": "Xinglong",
          "长宁": "Changning", "白水": "Baishui", "金川": "Jinchuan", "南岭": "Nanling", "永和": "Yonghe",
          "新华": "Xinhua", "石门": "Shimen"}
#: Every fourth synthetic plan gets a long label, as "Xiangfu District, Kaifeng" would be.
_LONG = (" Autonomous County", "自治县")


def _row(city: str, file: str, data: bytes, label_en: str, label_zh: str) -> dict[str, str]:
    return {"city": city, "name_zh": label_zh, "name_en": label_en, "label_en": label_en, "label_zh": label_zh,
            "file": file, "sha256": hashlib.sha256(data).hexdigest()}


def write_plan_folder(folder: str | Path, n: int, seed: int = 0) -> Path:
    """Write ``n`` plans and their ``plans.csv`` into ``folder``; returns the folder.

    Plans alternate between the shipped five (while copies are left, at most
    one of each in every five plans) and synthetic plans, so that the small
    folders already hold both kinds.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    shipped = read_manifest(paths.RAW_DIR / "plans.csv")
    rows, seen = [], {}
    for i in range(n):
        if i % 2 == 0 and i // 2 < 2 * len(shipped):
            source = shipped[(i // 2) % len(shipped)]
            data = (paths.RAW_DIR / source["file"]).read_bytes()
            copy = i // (2 * len(shipped)) + 1
            label_en, label_zh = f"{source['label_en']} {copy}", f"{source['label_zh']}{copy}"
        else:
            text, encoding = synthetic_plan(seed * 1000 + i)
            data = text.encode(encoding)
            place = re.search(r"健康(\S+?)行动实施方案", text)[1]
            seen[place] = seen.get(place, 0) + 1
            label_en, label_zh = PINYIN.get(place, place), place
            if i % 8 == 1:
                label_en, label_zh = label_en + _LONG[0], label_zh + _LONG[1]
            if seen[place] > 1:
                label_en, label_zh = f"{label_en} {seen[place]}", f"{label_zh}{seen[place]}"
        city, file = f"p{i:02d}", f"plan {i:02d}.txt"
        (folder / file).write_bytes(data)
        rows.append(_row(city, file, data, label_en, label_zh))
    with (folder / "plans.csv").open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return folder


def copy_shipped_folder(folder: str | Path) -> Path:
    """The shipped corpus in a folder of its own (the five plans and their manifest)."""
    return Path(shutil.copytree(paths.RAW_DIR, folder, dirs_exist_ok=True))
