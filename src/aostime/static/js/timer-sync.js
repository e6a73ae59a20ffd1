// A page brought back to the front asks for the region "Timer" as it is now, and shows it when
// the timer changed meanwhile (started or stopped in another tab, or from the command line): the
// region's data-state names the running entry and its start. A region being filled in is kept.
export function followTimer(view) {
  view.addEventListener("focus", async () => {
    const region = document.getElementById("timer");
    if (!region || region.contains(document.activeElement)) return;
    const answer = await fetch("/timer/region", { headers: { Accept: "text/html" }, credentials: "same-origin" });
    if (!answer.ok || answer.redirected) return;
    const fresh = new DOMParser().parseFromString(await answer.text(), "text/html").getElementById("timer");
    if (!fresh || fresh.dataset.state === region.dataset.state) return;
    region.replaceWith(fresh);
    view.htmx?.process(fresh);
    fresh.dispatchEvent(new CustomEvent("htmx:afterSwap", { bubbles: true }));
  });
}
