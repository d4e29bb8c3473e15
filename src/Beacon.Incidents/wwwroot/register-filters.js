// Saved filters of the incident register (台账常用筛选), kept per person in this browser's localStorage under the
// person's account id (decision 0033): another sign-in of the same person on this browser finds them again.
const prefix = "beacon.register.filters.";

export function load(owner) {
    try {
        return window.localStorage.getItem(prefix + owner) || "[]";
    } catch {
        return "[]";
    }
}

export function save(owner, json) {
    try {
        window.localStorage.setItem(prefix + owner, json);
        return true;
    } catch {
        return false;
    }
}
