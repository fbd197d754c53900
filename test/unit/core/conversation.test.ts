import { describe, expect, it } from 'vitest';
import { formatConversation, isConversationRef, parseConversation } from '../../../src/core/conversation.js';

describe('ConversationRef', () => {
  it('round-trips platform, id and thread', () => {
    const ref = formatConversation({ platform: 'telegram', id: '-100123', threadId: '7' });
    expect(ref).toBe('telegram:-100123/7');
    expect(parseConversation(ref)).toEqual({ platform: 'telegram', id: '-100123', threadId: '7' });
    expect(parseConversation('console:local')).toEqual({ platform: 'console', id: 'local' });
  });
  it('rejects malformed refs', () => {
    expect(isConversationRef('slack:1')).toBe(false);
    expect(isConversationRef('discord:')).toBe(false);
    expect(isConversationRef('discord:1 2')).toBe(false);
    expect(() => formatConversation({ platform: 'discord', id: 'a:b' })).toThrow();
  });
});
