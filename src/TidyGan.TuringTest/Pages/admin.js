"use strict";
document.getElementById("print").addEventListener("click", () => window.print());

// Re-issue a rater's lost link: the old one stops working, the answers stay, the new link is shown once.
const csrf = document.querySelector("meta[name='csrf-token']").content;
for (const button of document.querySelectorAll("button[data-reissue]")) {
  button.addEventListener("click", async () => {
    const rater = button.dataset.reissue;
    if (!window.confirm(`Replace ${rater}'s link? The old link stops working; the answers are kept.`)) return;
    const out = document.getElementById("reissued");
    const response = await fetch(`${location.pathname}/reissue`, {
      method: "POST", headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf }, body: JSON.stringify({ rater }),
    });
    const body = await response.json();
    out.hidden = false;
    out.textContent = response.ok
      ? `New link for ${body.rater} (shown only now; ${body.answered} of ${body.total} answers kept): ${location.origin}${body.path}`
      : `Could not re-issue ${rater}'s link: ${body.error}`;
  });
}
