// Idle sign-out: after the configured minutes without keyboard, mouse or touch input the session ends,
// also for a Blazor circuit that would otherwise stay open (MLPS level 3: session timeout).
(function () {
    let last = Date.now();
    const mark = () => { last = Date.now(); };
    ["mousemove", "mousedown", "keydown", "touchstart", "wheel"].forEach(e => window.addEventListener(e, mark, { passive: true }));
    setInterval(() => {
        const el = document.getElementById("beacon-idle");
        if (!el) { return; }
        const minutes = parseInt(el.dataset.idleMinutes || "30", 10);
        if (Date.now() - last > minutes * 60000) {
            window.location.href = "/account/signout?reason=idle";
        }
    }, 15000);
})();
