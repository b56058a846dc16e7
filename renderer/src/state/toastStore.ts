import { create } from 'zustand';

export interface Toast {
  id: number;
  kind: 'info' | 'success' | 'error';
  message: string;
}

interface ToastState {
  toasts: Toast[];
  push(kind: Toast['kind'], message: string): number;
  dismiss(id: number): void;
}

let nextId = 1;
/** Errors stay until dismissed (the user must be able to read them); the rest fade out. */
const LIFETIME_MS: Record<Toast['kind'], number | undefined> = {
  info: 5000,
  success: 4000,
  error: undefined,
};

export const useToasts = create<ToastState>((set, get) => ({
  toasts: [],
  push(kind, message) {
    const id = nextId++;
    set({ toasts: [...get().toasts.slice(-4), { id, kind, message }] });
    const life = LIFETIME_MS[kind];
    if (life) setTimeout(() => get().dismiss(id), life);
    return id;
  },
  dismiss(id) {
    set({ toasts: get().toasts.filter((t) => t.id !== id) });
  },
}));

/** A readable message from anything thrown: AppError messages are written for people. */
export function errorText(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
