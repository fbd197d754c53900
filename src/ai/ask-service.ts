/**
 * The port /ask and /about use: plain data in, plain data out, no SDK or storage types, so the
 * command stays platform-neutral and tests can drive the real service or a hand-made one.
 */
import type { ClaimStatus, SourceLink } from '../core/reply.js';

/** One quoted claim of an answer; `cite` is its number in `sources`. */
export interface AskItem {
  text: string;
  date?: string;
  status: ClaimStatus;
  note?: string;
  cite: number;
  kind: 'fact' | 'story';
}

/** An answer to a question. Citation numbers in `text` and `items` index `sources` from 1. */
export interface AskAnswer {
  /** `ai`: written by the model; `extract`: quoted from the store (AI off); `none`: nothing relevant found. */
  mode: 'ai' | 'extract' | 'none';
  text: string;
  /** Quoted facts and stories (extractive answers), or the disputed/unverified claims an AI answer relies on. */
  items: AskItem[];
  sources: SourceLink[];
  /** Latest check date of the facts used (YYYY-MM-DD). */
  asOf?: string;
  /** Why the model was not used ("no API key is configured", "AI cooldown: try again in 20 s"). */
  offReason?: string;
  /** Model that wrote an `ai` answer. */
  model?: string;
  /** Closest commands on the subject, e.g. `/cbdc-status China`. */
  hints: string[];
  /** Served from the answer cache. */
  cached?: boolean;
}

/** Who asks (cooldowns are per person). */
export interface Asker {
  platform: string;
  userId: string;
}

/** Whether answers use a model, and which. Never includes the key. */
export interface AskStatus {
  ai: boolean;
  model?: string;
  /** Why AI is off, when it is. */
  reason?: string;
}

/** Answers free-text questions from the curated facts and stored news. */
export interface AskService {
  answer(question: string, asker: Asker): Promise<AskAnswer>;
  status(): AskStatus;
}

/** Shortest and longest question accepted. */
export const QUESTION_MIN = 3;
export const QUESTION_MAX = 300;
