/** The OpenFeature provider of Tightrope: `import { TightropeProvider } from '@tightrope/sdk/openfeature'`. */
export { TightropeProvider, type TightropeProviderOptions } from './provider.js';
