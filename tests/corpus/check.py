#!/usr/bin/env python3
"""Scores extraction on this corpus and fails when a figure drops below its floor.

usage: check.py [BRIEFING_BINARY]   (default: target/debug/briefing)
Runs `briefing extract --json` on raw/*.txt, scores it with score.py, prints the figures and
the articles it missed, and exits 1 when any figure is under floors.json or a clutter phrase
leaks into a body.
"""
import glob, json, os, re, subprocess, sys, tempfile

here = os.path.dirname(os.path.abspath(__file__))
binary = sys.argv[1] if len(sys.argv) > 1 else "target/debug/briefing"
files = sorted(glob.glob(os.path.join(here, "raw", "*.txt")))
out = subprocess.run([binary, "extract", "--json", *files], capture_output=True, text=True)
if out.returncode != 0:
    sys.exit(f"briefing extract failed:\n{out.stderr}")
with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
    f.write(out.stdout)
    extracted = f.name
try:
    scored = subprocess.run([sys.executable, os.path.join(here, "score.py"), "heldout", extracted,
                             os.path.join(here, "labels.json")], capture_output=True, text=True)
finally:
    os.unlink(extracted)
print(scored.stdout, end="")
line = next((l for l in scored.stdout.splitlines() if l.startswith("heldout:")), None)
if line is None:
    sys.exit(f"score.py printed no figures:\n{scored.stderr}")
figures = {k: float(v) for k, v in re.findall(r"(\w+)=([0-9.]+)", line)}
floors = json.load(open(os.path.join(here, "floors.json")))
low = [f"{k} {figures.get(k, 0):.2f} < floor {v:.2f}" for k, v in floors.items()
       if k != "clutter_leaks" and figures.get(k, 0) < v]
if figures.get("clutter_leaks", 0) > floors.get("clutter_leaks", 0):
    low.append(f"clutter_leaks {figures['clutter_leaks']:.0f} > {floors['clutter_leaks']}")
if low:
    print("extraction below its floors: " + "; ".join(low))
    sys.exit(1)
print("extraction at or above every floor")
