/**
 * Growing a mock-web task's web to a world size: archive sites of seeded, unrelated pages (notes
 * on topics no task is about) beside the sites the task needs. Pages never change in an episode
 * and the task's own sites keep their identity, so the oracle's plan and every checker's verdict
 * are what they are at the family's own size; only what a search ranks and a crawler could visit grows.
 */
import type { Rng } from '../../src/core/rng.js';
import type { Task } from '../../src/team/world.js';
import { taskText } from '../../src/world/variation.js';
import type { WebPage, WebSite, WebState } from './state.js';

/** Pages per distractor site (well under `MAX_SITE_PAGES`). */
const PAGES_PER_SITE = 100;
const TOPICS = ['gardening', 'birdwatching', 'pottery', 'sailing', 'chess', 'baking', 'astronomy', 'knitting'];
const WORDS = ['season', 'guide', 'notes', 'tips', 'journal', 'basics', 'log', 'diary', 'checklist', 'primer'];

function countPages(state: WebState): number {
  let n = 0;
  for (const host in state.sites) n += Object.keys((state.sites[host] as WebSite).pages).length;
  return n;
}

function page(rng: Rng, host: string, topic: string, i: number): WebPage {
  const word = rng.pick(WORDS);
  const month = String(rng.int(1, 12)).padStart(2, '0');
  const day = String(rng.int(1, 28)).padStart(2, '0');
  return {
    title: `${topic[0]?.toUpperCase()}${topic.slice(1)} ${word} #${i}`,
    date: `20${rng.int(18, 24)}-${month}-${day}`,
    text: `Community ${word} on ${topic}, entry ${i}. ${rng.pick(['Beginners welcome.', 'Updated by volunteers.', 'Archived for reference.'])} Nothing here is for sale.`,
    links: i > 0 ? [{ text: `${topic} archive`, url: `${host}/` }] : [],
  };
}

/** The task's web grown to `size` pages with archive sites, or unchanged when it holds that many. Pure in `rng`. */
export function resizeWeb(task: Task<WebState>, size: number, rng: Rng): WebState {
  let need = size - countPages(task.world);
  if (need <= 0) return task.world;
  const text = taskText(task);
  const sites: Record<string, WebSite> = { ...task.world.sites };
  for (let s = 0; need > 0; s++) {
    const topic = TOPICS[s % TOPICS.length] as string;
    const host = `${topic}-archive-${s}.example`;
    if (Object.hasOwn(sites, host) || text.includes(host)) continue;
    const pages: Record<string, WebPage> = {};
    for (let i = 0; i < PAGES_PER_SITE && need > 0; i++, need--)
      pages[i === 0 ? '' : `notes/${i}`] = page(rng, host, topic, i);
    sites[host] = { name: `${topic} archive ${s}`, pages };
  }
  return { ...task.world, sites };
}
