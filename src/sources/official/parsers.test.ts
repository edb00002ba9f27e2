import assert from 'node:assert/strict';
import { test } from 'node:test';
import { diffOfficial } from './diff-official.ts';
import { classifyText } from './official-snapshot.ts';
import { parseFeed } from './parse-feed.ts';
import { parseIncidentIo } from './parse-incidentio.ts';

test('RSS and Atom items become incidents classified from their newest update', () => {
  const rss = parseFeed(`<?xml version="1.0"?><rss version="2.0"><channel><title>Slack Status</title>
    <item><title>Trouble sending messages</title><link>https://slack-status.com/2024-03/abc</link>
    <guid isPermaLink="false">abc</guid><pubDate>Tue, 05 Mar 2024 15:30:00 GMT</pubDate>
    <description><![CDATA[<p><strong>Identified</strong> - We found the cause &amp; are fixing it.</p><p><strong>Investigating</strong> - Some users cannot send.</p>]]></description></item>
    </channel></rss>`);
  assert.equal(rss?.incidents[0]?.status, 'identified');
  assert.equal(rss?.incidents[0]?.id, 'abc');
  assert.match(rss?.incidents[0]?.message ?? '', /cause & are fixing/);
  const atom =
    parseFeed(`<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>Google Workspace</title>
    <updated>2024-03-05T16:00:00Z</updated>
    <entry><id>tag:x,1</id><title>Gmail users unable to log in</title><updated>2024-03-05T16:00:00Z</updated>
    <link href="https://www.google.com/appsstatus/dashboard/incidents/1"/><content type="html">&lt;p&gt;Resolved: the issue has been resolved.&lt;/p&gt;</content></entry></feed>`);
  assert.equal(atom?.incidents[0]?.status, 'resolved');
  assert.equal(atom?.incidents[0]?.url, 'https://www.google.com/appsstatus/dashboard/incidents/1');
  assert.equal(parseFeed('<html><body>502</body></html>'), null);
  assert.equal(parseFeed('<!DOCTYPE x [<!ENTITY a "b">]><rss><channel/></rss>'), null);
});

test('incident.io summaries map full outages to our major outage', () => {
  const snap = parseIncidentIo({
    page_title: 'OpenAI',
    ongoing_incidents: [
      {
        id: '01HQ',
        name: 'Elevated errors on ChatGPT',
        status: 'identified',
        url: 'https://status.openai.com/incidents/01HQ',
        last_update_at: '2024-06-04T07:30:00Z',
        last_update_message: 'We have identified the issue.',
        current_worst_impact: 'full_outage',
        affected_components: [{ id: 'c1', name: 'ChatGPT', current_status: 'full_outage' }],
      },
    ],
    in_progress_maintenances: [],
    scheduled_maintenances: [],
  });
  assert.deepEqual(
    snap?.components.map((c) => [c.name, c.state, c.label]),
    [['ChatGPT', 'major_outage', 'full outage']],
  );
  assert.equal(snap?.incidents[0]?.impact, 'critical');
  const later = parseIncidentIo({ ongoing_incidents: [] })!;
  const changes = diffOfficial(snap, later, Date.parse('2024-06-04T08:00:00Z'));
  assert.deepEqual(
    changes.map((c) => c.text),
    ['ChatGPT — operational', 'Elevated errors on ChatGPT — resolved'],
  );
});

test('free text statements are classified into our vocabulary', () => {
  assert.equal(
    classifyText("We're aware some people are having trouble. Working to get things back to normal.").status,
    'investigating',
  );
  assert.equal(classifyText('Facebook Login: being restored').status, 'monitoring');
  assert.equal(classifyText('Facebook Login: resolved').status, 'resolved');
  assert.equal(classifyText('Facebook Login: major disruption').impact, 'major');
});

test('feed text decodes every HTML entity, escaped once more or in CDATA', () => {
  const rss = parseFeed(`<?xml version="1.0"?><rss version="2.0"><channel><title>Status</title>
<item><title>We&amp;rsquo;re investigating &amp;mdash; login errors</title><guid>a1</guid>
<pubDate>Fri, 04 Dec 2026 10:00:00 GMT</pubDate>
<description><![CDATA[<p>We&rsquo;re seeing errors &mdash; some users can&#8217;t sign in&hellip;</p>]]></description></item>
</channel></rss>`);
  const incident = rss?.incidents[0];
  assert.equal(incident?.name, 'We’re investigating — login errors');
  assert.equal(incident?.message, 'We’re seeing errors — some users can’t sign in…');
});
