/** Version of the simulation engine, stored with every run so results can be traced to it. */
export const ENGINE_VERSION = '0.1.0';
