// Public exports of this module; filled in by its owner.
export {};
