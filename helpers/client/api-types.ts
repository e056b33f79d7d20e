import type { RequestSpec } from '../../src/index.ts';

/** Extra fields merged into a built spec (`measure: false` for set-up steps, `name`, `timeoutMs`...). */
export type SpecExtras = Partial<Omit<RequestSpec, 'url' | 'method' | 'body' | 'multipart'>>;

/** Voice chat request fields (JSON body, audio as base64). */
export interface VoiceChatInput {
  sessionId: string;
  /** Base64 of the raw audio file. */
  audioBase64: string;
  /** 0 English, 1 Chinese, 2 Spanish. @default 0 */
  voiceLanguage?: number;
  /** @default 1 */
  voiceDurationSeconds?: number;
  region?: string;
}

/** `PUT /api/godgpt/account` body. */
export interface AccountUpdate {
  gender: string;
  birthDate: string;
  birthPlace: string;
  fullName: string;
}

/** Where the API and the auth server live. */
export interface ApiTarget {
  /** API host including any gateway prefix, e.g. `https://host/godgpt-client`. */
  baseUrl: string;
  /** Auth server; @default baseUrl */
  authUrl?: string;
  /** `GodgptLanguage` header. @default 'en' */
  language?: string;
}
