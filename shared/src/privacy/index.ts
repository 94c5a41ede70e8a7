/** Privacy [F13]: erasure, a person's own data, author ids a device can prove. */
export * from './authorKey'
export * from './epoch'
export * from './erasure'
export * from './ownData'
