import type { ImportedArticle } from '@parley/protocol';

type Entry = [id: string, title: string, phrasings: string[], body: string, category: string];

/** The demo site's FAQ (seeded on the first start), so the demo bot has something to answer. */
const ENTRIES: Entry[] = [
  [
    'what-is-parley',
    'What is Parley?',
    ['what is this', 'what does parley do', 'who are you', 'what is this chat'],
    'Parley is an open-source customer-support chat: a small widget for your website, a bot that answers from your FAQ, and an inbox where your team takes over when the bot cannot help.',
    'product',
  ],
  [
    'install-widget',
    'Add the chat to your website',
    ['how do I install the widget', 'embed the chat on my site', 'where is the script tag', 'how do I add parley to my page'],
    'Paste one line before `</body>`:\n\n```html\n<script async src="https://YOUR-SERVER/widget.js" data-site="YOUR_SITE_KEY"></script>\n```\n\nThe inbox shows the snippet with your own key under **Settings → Site**.',
    'setup',
  ],
  [
    'pricing',
    'Pricing',
    ['how much does it cost', 'is it free', 'what is the price', 'do I need to pay'],
    'Parley is free and open source (MIT licence). You host it yourself: one Node process and one SQLite file.',
    'billing',
  ],
  [
    'opening-hours',
    'When is the team available?',
    ['what are your opening hours', 'when are you open', 'when can I talk to someone', 'are you available on weekends'],
    'Our team answers live on weekdays, 9:00–17:00. Outside those hours, leave your email and we reply there.',
    'support',
  ],
  [
    'shipping',
    'Shipping times',
    ['when will my order arrive', 'how long does delivery take', 'where is my parcel', 'my package is late', 'do you ship abroad'],
    'Orders ship within **2 working days**. Delivery takes 2–4 days in the country and 5–10 days abroad; you get a tracking link by email.',
    'orders',
  ],
  [
    'refunds',
    'Refunds and returns',
    ['how do I get a refund', 'I want my money back', 'can I return my order', 'how long do refunds take'],
    'You can return any item within **30 days**. Once we receive it, the refund reaches your card within 5 working days.',
    'orders',
  ],
  [
    'reset-password',
    'Reset your password',
    ['I forgot my password', 'I cannot log in', 'how do I change my password', 'reset my password'],
    'Choose **Forgot password** on the login page and follow the link we email you. The link works for one hour.',
    'account',
  ],
  [
    'privacy',
    'Your data and privacy',
    ['what do you do with my data', 'delete my data', 'is my conversation private', 'privacy policy'],
    'Conversations are stored on this site’s own server and are only seen by its support team. Ask an agent to delete your data at any time.',
    'account',
  ],
];

export const DEMO_FAQ: ImportedArticle[] = ENTRIES.map(([id, title, phrasings, body, category]) => ({ id, title, phrasings, body, category, locale: 'en', status: 'published' }));
