export { type CharRnnOptions, charRnnSpec } from './char-rnn.js';
export { type GruLanguageModelOptions, gruLanguageModelSpec } from './gru-language-model.js';
export { type SentimentLstmOptions, sentimentLstmSpec } from './sentiment-lstm.js';
