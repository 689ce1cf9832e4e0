// Rooms this user opened lately, newest first, so the lobby can offer them again. Kept in
// localStorage per user name; room ids only (a room id is the key to a room, and stays on this machine).

import { ROOM_ID_PATTERN } from './config.js';

const KEEP = 5;
const key = userId => `scalable-chat.recent-rooms.${userId}`;

export function recentRooms(userId) {
  try {
    const list = JSON.parse(localStorage.getItem(key(userId)) ?? '[]');
    return Array.isArray(list) ? list.filter(id => typeof id === 'string' && ROOM_ID_PATTERN.test(id)).slice(0, KEEP) : [];
  } catch {
    return [];
  }
}

export function rememberRoom(userId, roomId) {
  try {
    const list = [roomId, ...recentRooms(userId).filter(id => id !== roomId)].slice(0, KEEP);
    localStorage.setItem(key(userId), JSON.stringify(list));
  } catch {
    // storage full or disabled: the lobby just has nothing to offer
  }
}
