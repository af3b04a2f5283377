import type { Video as Clip } from '@parley/markdown-lite';
import { useEffect, useRef, useState } from 'preact/hooks';
import { fill } from '../i18n';
import { useChat } from '../ui/context';

/**
 * A tutorial video in an article. Until the visitor asks for it, a poster of our own: no
 * thumbnail, no player, so the provider learns nothing of a visitor who only reads. The
 * player then takes the poster's place and the focus, so the keyboard carries on inside it.
 * The link is the way out where the host page's CSP refuses the provider's frame.
 */
export function Video({ v }: { v: Clip }) {
  const [, s] = useChat();
  const t = s.strings;
  const [playing, setPlaying] = useState(false);
  const player = useRef<HTMLIFrameElement>(null);
  useEffect(() => {
    if (playing) player.current?.focus();
  }, [playing]);
  const values = { provider: v.provider };
  return (
    <div class="p-video">
      {playing ? (
        <iframe
          ref={player}
          src={v.embed}
          title={fill(t.video, values)}
          allow="autoplay; fullscreen; picture-in-picture"
          allowFullScreen
          sandbox="allow-scripts allow-same-origin allow-presentation allow-popups"
          referrerpolicy="strict-origin-when-cross-origin"
        />
      ) : (
        <button type="button" class="p-poster" onClick={() => setPlaying(true)}>
          {fill(t.playVideo, values)}
        </button>
      )}
      <a href={v.url} target="_blank" rel="noopener noreferrer">
        {fill(t.watchOn, values)}
      </a>
    </div>
  );
}
