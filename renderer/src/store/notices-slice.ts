/** `notices`: short messages in the corner (saved, purged, budget alerts, config reloads). */
import type { StateCreator } from 'zustand';
import { slicePatcher } from './context';
import type { AppState } from './types';

export type NoticeTone = 'info' | 'success' | 'warning' | 'error';

export interface Notice {
  id: number;
  tone: NoticeTone;
  message: string;
}

export interface NoticesState {
  items: Notice[];
  push(tone: NoticeTone, message: string): number;
  dismiss(id: number): void;
}

export interface NoticesSlice {
  notices: NoticesState;
}

/** More than this and the oldest go: a burst of alerts must not cover the page. */
const MAX_NOTICES = 4;

export function createNoticesSlice(): StateCreator<AppState, [], [], NoticesSlice> {
  return (set, get) => {
    const patch = slicePatcher(set, 'notices');
    let nextId = 1;
    return {
      notices: {
        items: [],
        push(tone, message) {
          const id = nextId++;
          patch({ items: [...get().notices.items, { id, tone, message }].slice(-MAX_NOTICES) });
          return id;
        },
        dismiss(id) {
          patch({ items: get().notices.items.filter((notice) => notice.id !== id) });
        },
      },
    };
  };
}
