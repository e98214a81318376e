/** A stand-in for Electron's WebContents that records handlers and replays events (tests only). */
import type { HandlerDetails, WebContents, WindowOpenHandlerResponse } from 'electron';

export interface FakeEvent {
  url: string;
  defaultPrevented: boolean;
  preventDefault(): void;
}

export class FakeWebContents {
  windowOpenHandler: ((details: HandlerDetails) => WindowOpenHandlerResponse) | undefined;
  private readonly listeners = new Map<string, Array<(event: FakeEvent) => void>>();

  setWindowOpenHandler(handler: (details: HandlerDetails) => WindowOpenHandlerResponse): void {
    this.windowOpenHandler = handler;
  }

  on(name: string, listener: (event: FakeEvent) => void): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }

  /** Emits `name` as Electron would and reports whether a listener cancelled it. */
  emit(name: string, url = ''): { prevented: boolean } {
    const event: FakeEvent = {
      url,
      defaultPrevented: false,
      preventDefault() {
        this.defaultPrevented = true;
      },
    };
    for (const listener of this.listeners.get(name) ?? []) listener(event);
    return { prevented: event.defaultPrevented };
  }

  /** Asks the window-open handler about `url`, as a `window.open` or target=_blank link would. */
  open(url: string): WindowOpenHandlerResponse | undefined {
    return this.windowOpenHandler?.({ url } as HandlerDetails);
  }

  asWebContents(): WebContents {
    return this as unknown as WebContents;
  }
}
