import { h, replace } from '../dom.js';
import { badge, problemView, table, time } from '../views.js';

const REFRESH_MS = 5000;
const STATUS_TONE = { Up: 'ok', WeaklyUp: 'warn', Joining: 'warn', Leaving: 'warn', Exiting: 'warn', Down: 'bad', Removed: 'bad' };

/** Members, their state, and the shards and sessions each one holds; refreshed every 5 s. */
export async function clusterPage(ctx) {
  const body = h('div', {}, h('p', { class: 'pending' }, 'Asking the cluster…'));
  const updated = h('p', { class: 'help', 'aria-live': 'off' });
  const refresh = h('button', { type: 'button', class: 'secondary small', onclick: () => load() }, 'Refresh now');
  replace(ctx.main, h('h1', {}, 'Cluster'), h('div', { class: 'toolbar' }, updated, refresh), body);

  async function load() {
    try {
      const view = await ctx.api.cluster();
      replace(updated, `As seen by ${view.self} at `, time(view.atMs), ` · refreshes every ${REFRESH_MS / 1000} s`);
      replace(body, summary(view), members(view));
    } catch (failure) {
      replace(body, problemView(failure));
    }
  }
  const timer = setInterval(load, REFRESH_MS);
  ctx.onLeave(() => clearInterval(timer));
  await load();
}

function summary(view) {
  const up = view.members.filter((m) => m.status === 'Up').length;
  const sessions = view.members.reduce((sum, m) => sum + (m.shards.PlaybackSession?.entities ?? 0), 0);
  return h(
    'ul',
    { class: 'figures' },
    h('li', {}, h('span', { class: 'figure' }, `${up}/${view.members.length}`), ' members up'),
    h('li', {}, h('span', { class: 'figure' }, String(view.unreachable)), ' unreachable'),
    h('li', {}, h('span', { class: 'figure' }, String(sessions)), ' sessions resident'),
    view.shardStatsMissing.length
      ? h('li', { class: 'warn' }, `No shard figures in time for ${view.shardStatsMissing.join(', ')}`)
      : null,
  );
}

function members(view) {
  const types = [...new Set(view.members.flatMap((m) => Object.keys(m.shards)))].sort();
  return table(
    'Members',
    [
      { label: 'Member', cell: (m) => h('span', {}, h('code', {}, m.address), m.self ? ' (this node)' : '') },
      { label: 'Status', cell: (m) => badge(m.status, STATUS_TONE[m.status] ?? 'muted') },
      { label: 'Reachable', cell: (m) => (m.reachable ? badge('yes', 'ok') : badge('unreachable', 'bad')) },
      { label: 'Leader', cell: (m) => (m.leader ? 'leader' : '') },
      { label: 'Version', cell: (m) => m.appVersion },
      { label: 'Sessions', cell: (m) => String(m.shards.PlaybackSession?.entities ?? '—'), numeric: true },
      ...types.map((type) => ({
        label: `${type} shards / entities`,
        cell: (m) => (m.shards[type] ? `${m.shards[type].shards} / ${m.shards[type].entities}` : '—'),
        numeric: true,
      })),
    ],
    view.members,
    { empty: 'No members.' },
  );
}
