"""No frame shows a result the entries on screen did not produce, however slowly Python answers (issue 21).

Python's answers are held back in the page, as a slow worker (a restart, a garbage-collection pause, a low-end
phone) would hold them: a test-only init script wraps `Worker.prototype.postMessage` and delays each `compute`
message by `window.__igmWorkerDelayMs`. A production page has no such hook: nothing in the site reads that name.

On every calculator, for each delay (0.2, 0.6 and 2 s), the reader has a result for entries A and edits one
answer, keystroke by keystroke, towards entries B with another result. Every animation frame records what the
form holds and what the result panel shows (its visible text and what screen readers are told); afterwards
CPython answers for each recorded set of entries, and no frame may show a headline other than the one for the
entries on screen at that frame. At 2 s the runtime's own 2 s limit stops the calculation (calc-runtime.js): the
page must then say so, still without a stale result.
"""

from __future__ import annotations

import json
from decimal import Decimal
from functools import cache

import pytest

import calculators
from tests.browser.reader import calculator_pages, fill, form, result, valid_entries, wait_ready

pytestmark = pytest.mark.browser

DELAYS_MS = (200, 600, 2000)
KEY_GAP_MS = 90  # a quick typist

# Test only: a slow Python. The worker's answer to a calculation reaches the page `delay` ms late, while its
# "started" acknowledgement comes at once, as from a worker that is alive and busy computing (never loaded by the site
# itself). Delaying what the page sends instead would look, to the runtime's watchdog, like a worker that never
# started the job, i.e. a crash.
SLOW_WORKER = """
(() => {
  const listen = Worker.prototype.addEventListener;
  Worker.prototype.addEventListener = function (type, handler, ...rest) {
    if (type !== "message") return listen.call(this, type, handler, ...rest);
    const slowed = (event) => {
      const delay = window.__igmWorkerDelayMs || 0;
      if (event.data && event.data.type === "result" && delay > 0) setTimeout(() => handler.call(this, event), delay);
      else handler.call(this, event);
    };
    return listen.call(this, type, slowed, ...rest);
  };
})();
"""

# Every animation frame until stopped: the entries as the page would send them, and what the panel shows.
SAMPLER = """([calc]) => {
  const form = document.querySelector(`form[data-calculator="${calc}"]`);
  const panel = document.querySelector(`[data-calculator-panel="${calc}"]`);
  const announce = form.querySelector("[data-calculator-announce]");
  const frames = [];
  window.__igmFrames = frames;
  window.__igmSampling = true;
  const read = () => {
    const inputs = {};
    for (const field of form.querySelectorAll(".igm-field")) {
      const id = field.dataset.input;
      const value = (form.elements[id].value || "").trim();
      const unit = form.elements[`${id}__unit`];
      inputs[id] = unit ? { value, unit: unit.value } : value;
    }
    return inputs;
  };
  const tick = () => {
    // The result's headline as painted (not hidden, not invisible), the panel's progress line, and what the
    // live region tells a screen reader.
    const head = panel.querySelector(".igm-result__headline");
    const painted = !panel.hidden && head && head.checkVisibility({ visibilityProperty: true, opacityProperty: true });
    frames.push({
      t: performance.now(),
      inputs: JSON.stringify(read()),
      headline: painted ? head.textContent : "",
      shown: panel.hidden ? "" : panel.querySelector("[data-calculator-progress]").innerText,
      told: announce ? announce.textContent : "",
    });
    if (window.__igmSampling) requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}"""


@cache
def answer(calc_id: str, inputs_json: str) -> dict:
    return json.loads(calculators.run_json(calc_id, inputs_json))


def headline(calc_id: str, inputs_json: str) -> str | None:
    data = answer(calc_id, inputs_json)
    return None if data.get("errors") else data["headline"]


def as_sent(calc_id: str, entries: dict) -> dict:
    """Entries in the shape the page sends (every field, units as selected)."""
    sent = {}
    for spec in calculators.describe(calc_id)["inputs"]:
        value = entries.get(spec["id"], "")
        if spec["kind"] != "choice" and len(spec["units"]) > 1:
            sent[spec["id"]] = value if isinstance(value, dict) else {"value": value, "unit": spec["units"][0]["label"]}
        else:
            sent[spec["id"]] = value["value"] if isinstance(value, dict) else value
    return sent


def candidates(spec: dict) -> list:
    if spec["kind"] == "choice":
        return [c["value"] for c in spec["choices"]]
    unit = spec["units"][0]
    low, high = Decimal(unit["minimum"]), Decimal(unit["maximum"])
    values = [low + (high - low) * Decimal(f) for f in ("0.02", "0.1", "0.25", "0.5", "0.75", "0.98")]
    texts = [str(int(v)) if spec["integer"] else str(v.quantize(Decimal("0.1"))) for v in values]
    return [{"value": t, "unit": unit["label"]} if len(spec["units"]) > 1 else t for t in texts]


def another_result(calc_id: str, entries: dict) -> tuple[str, object]:
    """One answer to change, and its new value, that gives these entries another headline."""
    start = headline(calc_id, json.dumps(as_sent(calc_id, entries)))
    for spec in calculators.describe(calc_id)["inputs"]:
        for value in candidates(spec):
            changed = {**entries, spec["id"]: value}
            other = headline(calc_id, json.dumps(as_sent(calc_id, changed)))
            if other is not None and other != start:
                return spec["id"], value
    raise AssertionError(f"{calc_id}: no single edit changes the result of {entries}")


def edit(page, calc_id: str, input_id: str, value) -> None:
    """The reader's edit: a tap for a choice, else the field cleared and the new value typed key by key."""
    spec = next(s for s in calculators.describe(calc_id)["inputs"] if s["id"] == input_id)
    if spec["kind"] == "choice":
        fill(page, calc_id, {input_id: value})
        return
    text = value["value"] if isinstance(value, dict) else value
    field = page.locator(f"{form(calc_id)} [name={input_id}]")
    field.click()
    field.press("Control+a")
    field.press("Backspace")
    field.press_sequentially(text, delay=KEY_GAP_MS)


def stale_frames(calc_id: str, frames: list[dict], start: int) -> list[str]:
    """Frames (from the edit on) that paint a result headline other than the one for the entries the form holds
    at that frame, or whose progress line or live region says another entries' headline."""
    known = {h for f in frames if (h := headline(calc_id, f["inputs"]))}
    wrong = []
    for frame in frames[start:]:
        now = headline(calc_id, frame["inputs"])
        if frame["headline"] and frame["headline"] != now:
            wrong.append(f"{frame['t']:.0f} ms: paints {frame['headline']!r}; the entries give {now!r}")
        for shown in known - {now}:
            if (shown in frame["shown"] or shown in frame["told"]) and not (now and shown in now):
                wrong.append(f"{frame['t']:.0f} ms: says {shown!r}; the entries give {now!r}")
    return wrong


@pytest.fixture(scope="module")
def calcs(built_site):
    return calculator_pages(built_site)


@pytest.mark.parametrize("calc_id", calculators.calculator_ids())
def test_no_frame_shows_a_result_the_entries_did_not_produce(recorded, calcs, calc_id):
    session = recorded()
    session.context.add_init_script(SLOW_WORKER)
    page = session.open(calcs[calc_id])
    wait_ready(page, calc_id)
    entries = valid_entries(calc_id)
    input_id, new_value = another_result(calc_id, entries)
    summary = {}
    for delay in DELAYS_MS:
        page.evaluate("window.__igmWorkerDelayMs = 0")
        page.locator(f"{form(calc_id)} button[type=reset]").click()
        fill(page, calc_id, entries)
        first = headline(calc_id, json.dumps(as_sent(calc_id, entries)))
        page.wait_for_function(
            "([s, h]) => document.querySelector(s)?.innerText.includes(h)", arg=[result(calc_id), first]
        )
        page.evaluate("(ms) => { window.__igmWorkerDelayMs = ms; }", delay)
        page.evaluate(SAMPLER, [calc_id])
        page.wait_for_timeout(50)
        start = page.evaluate("window.__igmFrames.length")
        edit(page, calc_id, input_id, new_value)
        final = headline(calc_id, json.dumps(as_sent(calc_id, {**entries, input_id: new_value})))
        page.wait_for_function(
            """([s, panel, h]) => document.querySelector(s)?.innerText.includes(h) ||
                 /did not answer within/.test(document.querySelector(panel)?.innerText || "")""",
            arg=[result(calc_id), f'[data-calculator-panel="{calc_id}"]', final],
            timeout=15000,
        )
        page.wait_for_timeout(300)
        frames = page.evaluate("window.__igmSampling = false, window.__igmFrames")
        assert len(frames) - start > 10, f"{calc_id} at {delay} ms: too few frames sampled"
        assert stale_frames(calc_id, frames, start) == [], f"{calc_id} at {delay} ms"
        # The panel was never left saying nothing while the new answer was awaited.
        summary[delay] = len(frames) - start
        if delay < 2000:
            assert final in page.inner_text(result(calc_id))
    page.evaluate("window.__igmWorkerDelayMs = 0")
    assert all(n > 10 for n in summary.values()), summary


def test_the_sampler_sees_a_stale_result_when_there_is_one():
    """The check itself can fail: a frame still showing entries A's headline after the edit is reported."""
    calc_id = "ipsswm"
    entries = valid_entries(calc_id)
    input_id, new_value = another_result(calc_id, entries)
    a = json.dumps(as_sent(calc_id, entries))
    b = json.dumps(as_sent(calc_id, {**entries, input_id: new_value}))
    frames = [
        {"t": 0, "inputs": a, "headline": headline(calc_id, a), "shown": "", "told": ""},
        {"t": 16, "inputs": b, "headline": "", "shown": f"Result: {headline(calc_id, a)}", "told": ""},  # the old bug
        {"t": 24, "inputs": b, "headline": headline(calc_id, a), "shown": "", "told": ""},  # an old result, dimmed
        {"t": 32, "inputs": b, "headline": headline(calc_id, b), "shown": "", "told": ""},
    ]
    assert len(stale_frames(calc_id, frames, 1)) == 2
    assert stale_frames(calc_id, frames[:1] + frames[3:], 1) == []
