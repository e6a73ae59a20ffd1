// The running timer's elapsed time ticks in the page, without asking the server: the server
// rendered the seconds elapsed at that instant (data-seconds, by its one clock), and the page adds
// the time passed since, from the browser's monotonic clock (a wrong wall clock cannot skew it).
const ticking = new WeakSet();

export function elapsed(seconds) {
  const whole = Math.max(0, Math.floor(seconds));
  const pad = (n) => String(n).padStart(2, "0");
  return `${Math.floor(whole / 3600)}:${pad(Math.floor((whole % 3600) / 60))}:${pad(whole % 60)}`;
}

export function startClocks(root) {
  for (const clock of root.querySelectorAll("[role=timer][data-seconds]")) {
    if (ticking.has(clock)) continue;
    ticking.add(clock);
    const base = Number(clock.dataset.seconds);
    const loaded = performance.now();
    const tick = () => {
      if (!clock.isConnected) return;
      clock.textContent = elapsed(base + (performance.now() - loaded) / 1000);
      setTimeout(tick, 1000 - ((performance.now() - loaded) % 1000));
    };
    setTimeout(tick, 1000);
  }
}
