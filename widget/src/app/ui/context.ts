import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Chat } from '../chat';
import type { ChatState } from '../state';
import { useStore } from '../store';

export const ChatContext = createContext<Chat | null>(null);

/** The chat controller and its current state, re-rendering on every change. */
export function useChat(): [Chat, ChatState] {
  const chat = useContext(ChatContext)!;
  return [chat, useStore(chat.state)];
}
