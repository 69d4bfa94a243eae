#!/usr/bin/env python3
"""Renders the trace view and the history view of real known-bug failures in
headless Chromium: no script errors, the pages link each other, and a
screenshot whose size and pixels show the timeline was drawn with the
violating step on it.

Exit status 0 passed, 1 failed, 77 skipped (CTest's SKIP_RETURN_CODE): no
chromium (`./track setup --browser` installs Debian's), or the known-bug
graders were not built. Only Python's standard library is used.

  browser_test.py --view STORE_VIEW --lab1-grader G --lab2-grader G --work DIR [--save-screenshots DIR]
"""
import argparse
import os
import re
import shutil
import struct
import subprocess
import sys
import zlib

SKIP = 77
WINDOW = (1280, 860)
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         "--hide-scrollbars", "--force-device-scale-factor=1"]


class Failure(Exception):
    pass


def check(condition, message):
    if not condition:
        raise Failure(message)


def run(command, timeout=120):
    return subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, timeout=timeout)


def chromium(binary, profile, *args):
    result = run([binary, *FLAGS, "--user-data-dir=" + profile, *args])
    check(result.returncode == 0, "chromium failed (%d): %s" % (result.returncode, result.stderr[-2000:]))
    return result.stdout


def grade_and_view(grader, test, work, view):
    """Runs one failing seed of a known-bug grader; returns (its trace, the page store-view made, the report)."""
    traces = os.path.join(work, "traces")
    result = run([grader, "--test", test, "--seed", "1", "--trace-dir", traces])
    check(result.returncode == 1, "%s --test %s should fail (exit 1), got %d:\n%s" %
          (grader, test, result.returncode, result.stderr[-2000:]))
    match = re.search(r"^    view:   \./track view (\S+)$", result.stdout, re.M)
    check(match, "the failure names no view command:\n" + result.stdout)
    trace = match.group(1)
    check(re.search(r"^    trace:  " + re.escape(trace) + "$", result.stdout, re.M), "the failure names no trace")
    made = run([view, trace])
    check(made.returncode == 0, "store-view failed: " + made.stderr)
    page = trace[:-len(".jsonl")] + ".view.html"
    check(os.path.isfile(page), "store-view wrote no " + page)
    return trace, page, result.stdout


def dom_of(binary, profile, page):
    # The same window as the screenshot's, so that the positions the page reports match it.
    dom = chromium(binary, profile, "--window-size=%d,%d" % WINDOW, "--dump-dom", "file://" + os.path.abspath(page))
    state = re.search(r'<html[^>]* data-view-state="([^"]*)"', dom)
    check(state, "%s: the page never set data-view-state (its script did not run to the end)" % page)
    check(state.group(1) == "ready", "%s: script error: %s" % (page, state.group(1)))
    return dom


def attribute(dom, name):
    match = re.search(r'<html[^>]* data-%s="([^"]*)"' % name, dom)
    return match.group(1) if match else None


def read_png(path):
    """(width, height, rows of (r, g, b) tuples) of an 8-bit RGB or RGBA PNG."""
    with open(path, "rb") as f:
        data = f.read()
    check(data[:8] == b"\x89PNG\r\n\x1a\n", path + " is not a PNG")
    pos, idat, header = 8, b"", None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat += body
        pos += 12 + length
    width, height, depth, colour, _, _, interlace = header
    check(depth == 8 and colour in (2, 6) and interlace == 0, "unexpected PNG format %s" % (header,))
    channels = 3 if colour == 2 else 4
    raw = zlib.decompress(idat)
    stride = width * channels
    rows, previous, at = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[at], bytearray(raw[at + 1:at + 1 + stride])
        at += 1 + stride
        for i in range(stride):
            left = line[i - channels] if i >= channels else 0
            up = previous[i]
            corner = previous[i - channels] if i >= channels else 0
            if kind == 1:
                line[i] = (line[i] + left) & 0xFF
            elif kind == 2:
                line[i] = (line[i] + up) & 0xFF
            elif kind == 3:
                line[i] = (line[i] + ((left + up) >> 1)) & 0xFF
            elif kind == 4:
                p = left + up - corner
                pa, pb, pc = abs(p - left), abs(p - up), abs(p - corner)
                line[i] = (line[i] + (left if pa <= pb and pa <= pc else up if pb <= pc else corner)) & 0xFF
        rows.append([tuple(line[x * channels:x * channels + 3]) for x in range(width)])
        previous = line
    return width, height, rows


def check_screenshot(binary, profile, page, png, dom):
    chromium(binary, profile, "--window-size=%d,%d" % WINDOW, "--screenshot=" + png, "file://" + os.path.abspath(page))
    check(os.path.getsize(png) > 20 * 1024, "%s is only %d bytes: nothing much was drawn" % (png, os.path.getsize(png)))
    width, height, rows = read_png(png)
    check((width, height) == WINDOW, "the screenshot is %dx%d, not %dx%d" % (width, height, *WINDOW))
    x, y = attribute(dom, "violation-x"), attribute(dom, "violation-y")
    check(x is not None and y is not None, "the violating step is not inside the first view of " + page)
    x, y = int(x), int(y)
    check(0 <= x < width and 0 <= y < height, "the violating step (%d, %d) is off the screenshot" % (x, y))
    red = [(px, py) for px in range(x - 2, x + 3) for py in range(max(0, y - 40), min(height, y + 40))
           if 0 <= px < width and rows[py][px][0] > 170 and rows[py][px][1] < 90 and rows[py][px][2] < 90]
    check(len(red) >= 10, "no red violation line at x=%d near y=%d in %s" % (x, y, png))
    # The timeline (right of the lane labels, below the violation) is drawn in many colours.
    colours = set()
    for py in range(y - 150, min(height, y + 150), 3):
        for px in range(200, width - 20, 3):
            if py >= 0:
                colours.add(rows[py][px])
    check(len(colours) > 40, "only %d colours in the timeline of %s: it was hardly drawn" % (len(colours), png))
    return len(colours)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--view", required=True)
    parser.add_argument("--lab1-grader", required=True)
    parser.add_argument("--lab2-grader", required=True)
    parser.add_argument("--work", required=True)
    parser.add_argument("--save-screenshots", help="copy the screenshots here (for the handouts)")
    parser.add_argument("--chromium", default=shutil.which("chromium") or shutil.which("chromium-browser"))
    args = parser.parse_args()
    if not args.chromium:
        print("skipped: chromium is not installed; `./track setup --browser` installs Debian's chromium")
        return SKIP
    for grader in (args.lab1_grader, args.lab2_grader):
        if not os.access(grader, os.X_OK):
            print("skipped: %s is not built (the known-bug graders need STORE_KNOWN_BUGS=ON and solutions/)" % grader)
            return SKIP
    shutil.rmtree(args.work, ignore_errors=True)
    os.makedirs(args.work)
    profile = os.path.join(args.work, "chromium-profile")  # fresh for every run

    try:
        # Lab 1: an invariant violation (the run stops at the violating step).
        _, lab1_page, _ = grade_and_view(args.lab1_grader, "figure-8", args.work, args.view)
        dom = dom_of(args.chromium, profile, lab1_page)
        check("Leader Completeness" in dom, "the lab-1 view does not show the verdict")
        check(re.search(r'<tr class="at">', dom), "the lab-1 view lists no event at the violating step")
        check(int(attribute(dom, "drawn") or 0) > 20, "the lab-1 view drew almost nothing")
        lab1_png = os.path.join(args.work, "trace-view-lab1.png")
        colours1 = check_screenshot(args.chromium, profile, lab1_page, lab1_png, dom)

        # Lab 2: a non-linearizable history; the two views link each other.
        trace, lab2_page, report = grade_and_view(args.lab2_grader, "crash-restart", args.work, args.view)
        history = trace[:-len(".jsonl")] + ".history.html"
        check(re.search(r"^    history: " + re.escape(history) + "$", report, re.M), "the failure names no history")
        dom = dom_of(args.chromium, profile, lab2_page)
        check('href="%s"' % os.path.basename(history) in dom, "the trace view does not link the history view")
        check("the history got stuck on" in dom, "the lab-2 view does not point at the stuck operation")
        lab2_png = os.path.join(args.work, "trace-view-lab2.png")
        colours2 = check_screenshot(args.chromium, profile, lab2_page, lab2_png, dom)
        history_dom = dom_of(args.chromium, profile, history)
        check('href="%s"' % os.path.basename(lab2_page) in history_dom, "the history view does not link the trace view")
        check("not-linearizable" in history_dom, "the history view shows no verdict")
    except (Failure, subprocess.TimeoutExpired) as failure:
        print("FAILED: %s" % failure)
        return 1
    if args.save_screenshots:
        os.makedirs(args.save_screenshots, exist_ok=True)
        for png in (lab1_png, lab2_png):
            shutil.copy(png, args.save_screenshots)
    print("passed: both views and the history page render without script errors; screenshots %s (%d colours), "
          "%s (%d colours)" % (lab1_png, colours1, lab2_png, colours2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
