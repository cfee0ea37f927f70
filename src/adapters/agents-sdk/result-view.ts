/**
 * What an env tool returns to an SDK agent: the role's view after its action, showing each inbox
 * message once (in the first result after it arrives) and the user's request only in the task.
 * The SDK keeps every tool result in the conversation it sends the model, and an SDK handoff's
 * inbox message is the whole conversation the receiver already has: a view repeated in full after
 * every action would grow each prompt by that conversation again (quadratic tokens). A role that
 * was restarted is shown everything again, as the env shows it.
 */
import type { HostedStep } from '../../serve/mcp/episode-host.js';
import { renderObservation, type TeamObservation } from '../../team/observation.js';

/** The views one episode's tools return, remembering per role which inbox messages it was shown. */
export class ResultViews {
  /** The step of the newest inbox message each role was shown. */
  private readonly shown = new Map<string, number>();

  /**
   * @param descriptions - each role's description (the first line of its view)
   * @param entry - the role whose task text showed its first view (request and inbox)
   * @param entryView - that view
   */
  constructor(
    private readonly descriptions: ReadonlyMap<string, string>,
    entry: string,
    entryView: TeamObservation,
  ) {
    this.mark(entry, entryView);
  }

  /** The text a tool call returns: the new part of the acting role's view, or why nothing was done. */
  text(stepped: HostedStep): string {
    if (!stepped.ok) return stepped.message;
    const view = stepped.observation;
    const text = view.restarted ? view.text : this.newPart(view);
    this.mark(stepped.role, view);
    return stepped.record.event.ok ? text : `Error: ${text}`;
  }

  private newPart(view: TeamObservation): string {
    const after = this.shown.get(view.role) ?? -1;
    const { text: _full, ...fields } = view;
    return renderObservation(
      { ...fields, request: null, inbox: view.inbox.filter((m) => m.step > after) },
      this.descriptions.get(view.role) ?? '',
    );
  }

  private mark(role: string, view: TeamObservation): void {
    const newest = view.inbox.at(-1)?.step;
    if (newest !== undefined) this.shown.set(role, Math.max(newest, this.shown.get(role) ?? -1));
  }
}
