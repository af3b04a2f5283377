/**
 * A browser notification and a short tone for a newly queued conversation. Permission is
 * asked once, from a click (browsers ignore requests made without a user gesture).
 */
export function askNotificationPermission(): void {
  if ('Notification' in window && Notification.permission === 'default') void Notification.requestPermission();
}

let audio: AudioContext | null = null;

export function notifyQueued(title: string, body: string): void {
  if ('Notification' in window && Notification.permission === 'granted' && document.visibilityState !== 'visible') {
    new Notification(title, { body, tag: 'parley-queue' });
  }
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.15, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.001, audio.currentTime + 0.35);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.35);
  } catch {
    // No audio device, or autoplay blocked before the first click: the notification is enough.
  }
}
