// The rater page: one image at a time, a call (real/synthetic) and a 1–5 confidence, then Next.
// Time per image runs from the image being drawn to the answer being sent (performance.now: monotonic).
(() => {
  "use strict";
  const base = location.pathname.replace(/\/+$/, "");          // /r/{token}
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const $ = id => document.getElementById(id);
  const canvas = $("image"), ctx = canvas.getContext("2d", { willReadFrequently: true });
  let item = null, shownAt = null, call = null, confidence = null, busy = false, pixels = null;

  if (document.querySelector('meta[name="study-unit"]').content === "HU") $("window").open = true;

  function setProgress(answered, total) { $("progress").textContent = `${Math.min(answered + 1, total)} / ${total}`; }

  function select() {
    document.querySelectorAll(".call").forEach(b => b.classList.toggle("selected", b.dataset.call === call));
    document.querySelectorAll(".conf").forEach(b => b.classList.toggle("selected", Number(b.dataset.confidence) === confidence));
    $("submit").disabled = !(item && call && confidence);
  }

  // Window/level on the 8-bit image: display only, the answer does not depend on it.
  function draw() {
    if (!pixels) return;
    const level = Number($("level").value), width = Number($("width").value);
    const lo = level - width / 2, out = ctx.createImageData(pixels.width, pixels.height);
    for (let i = 0; i < pixels.data.length; i += 4) {
      const v = Math.max(0, Math.min(255, Math.round((pixels.data[i] - lo) / width * 255)));
      out.data[i] = out.data[i + 1] = out.data[i + 2] = v; out.data[i + 3] = 255;
    }
    ctx.putImageData(out, 0, 0);
  }

  async function load() {
    const r = await fetch(base + "/next", { cache: "no-store" });
    if (!r.ok) { $("message").textContent = "Could not load the study: " + r.status; return; }
    show(await r.json());
  }

  function show(state) {
    call = null; confidence = null; item = null; pixels = null; select();
    if (!state.item) {
      $("stage").hidden = true; $("controls").hidden = true; $("done").hidden = false;
      $("done-total").textContent = state.total; $("progress").textContent = `${state.total} / ${state.total}`;
      return;
    }
    setProgress(state.answered, state.total);
    const img = new Image();
    img.onload = () => {
      canvas.width = img.naturalWidth; canvas.height = img.naturalHeight;
      ctx.drawImage(img, 0, 0);
      pixels = ctx.getImageData(0, 0, canvas.width, canvas.height);
      draw();
      item = state.item; shownAt = performance.now(); select();
      canvas.dataset.item = item;
    };
    img.onerror = () => { $("message").textContent = "Could not load the image; reload the page."; };
    img.src = `${base}/image/${state.item}`;
  }

  async function submit() {
    if (busy || !item || !call || !confidence) return;
    busy = true; $("submit").disabled = true;
    const seconds = (performance.now() - shownAt) / 1000;
    try {
      const r = await fetch(base + "/answers", {
        method: "POST", cache: "no-store",
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
        body: JSON.stringify({ item, call, confidence, seconds })
      });
      const body = await r.json().catch(() => ({}));
      if (r.ok) { $("message").textContent = ""; show(body); }
      else if (r.status === 409) { $("message").textContent = "Already answered; moving on."; await load(); }
      else { $("message").textContent = `Not saved (${r.status}): ${body.error || "error"}`; select(); }
    } catch (e) {
      $("message").textContent = "Not saved: the server did not answer. Try again."; select();
    } finally { busy = false; }
  }

  document.querySelectorAll(".call").forEach(b => b.addEventListener("click", () => { call = b.dataset.call; select(); }));
  document.querySelectorAll(".conf").forEach(b => b.addEventListener("click", () => { confidence = Number(b.dataset.confidence); select(); }));
  $("submit").addEventListener("click", submit);
  $("level").addEventListener("input", draw);
  $("width").addEventListener("input", draw);
  $("reset-window").addEventListener("click", resetWindow);
  function resetWindow() { $("level").value = 128; $("width").value = 255; draw(); }
  function nudge(id, d) { const e = $(id); e.value = Number(e.value) + d; draw(); }

  document.addEventListener("keydown", e => {
    if (e.ctrlKey || e.metaKey || e.altKey || e.target.tagName === "INPUT") return;
    const k = e.key.toLowerCase();
    if (k === "r") { call = "real"; select(); }
    else if (k === "s") { call = "synthetic"; select(); }
    else if (k >= "1" && k <= "5") { confidence = Number(k); select(); }
    else if (k === "enter") { submit(); }
    else if (k === "0") { resetWindow(); }
    else if (k === "arrowup") { nudge("level", 8); }
    else if (k === "arrowdown") { nudge("level", -8); }
    else if (k === "arrowright") { nudge("width", 8); }
    else if (k === "arrowleft") { nudge("width", -8); }
    else return;
    e.preventDefault();
  });

  load();
})();
