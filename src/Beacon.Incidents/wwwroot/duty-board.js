// Audible cue of the duty board (值班台): a short two-tone beep through the Web Audio API when a report
// awaiting signature arrives. Browsers allow sound only after the page has had a user gesture; unlock()
// is called on the first click so later beeps are heard.
let context;

function audio() {
    const Ctor = window.AudioContext || window.webkitAudioContext;
    if (!Ctor) {
        return null;
    }
    context ??= new Ctor();
    return context;
}

export function unlock() {
    const ctx = audio();
    if (ctx && ctx.state === "suspended") {
        ctx.resume();
    }
}

export function beep() {
    const beeps = Number(document.body.dataset.dutyBeeps || "0") + 1;
    document.body.dataset.dutyBeeps = String(beeps);
    const ctx = audio();
    if (!ctx) {
        return false;
    }
    if (ctx.state === "suspended") {
        ctx.resume();
    }
    const start = ctx.currentTime;
    [880, 660].forEach((frequency, i) => {
        const oscillator = ctx.createOscillator();
        const gain = ctx.createGain();
        const t = start + i * 0.22;
        oscillator.type = "sine";
        oscillator.frequency.value = frequency;
        gain.gain.setValueAtTime(0.0001, t);
        gain.gain.exponentialRampToValueAtTime(0.25, t + 0.02);
        gain.gain.exponentialRampToValueAtTime(0.0001, t + 0.2);
        oscillator.connect(gain).connect(ctx.destination);
        oscillator.start(t);
        oscillator.stop(t + 0.21);
    });
    return true;
}
