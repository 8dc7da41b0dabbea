"""The words of the sample network's story (sample/network.py writes it): the
informational interviews with their research, notes, questions and answers, the older
meetings, the interactions logged over the months and who knows whom.

The people are the keys of sample.REAL_TIES and sample.LINKEDIN_CONTACTS; every person
and organisation is invented. Questions quoted from the default question bank keep its
exact wording, so that they are linked to it (answers across people).
"""

from __future__ import annotations

from dataclasses import dataclass, field

Question = tuple[str, str, str]  # (layer, text, answer)

WHO_ELSE = "Who else do you think I should talk to?"
MAY_I_MENTION = "May I mention that you suggested I contact them?"


@dataclass(frozen=True)
class Interview:
    person: str  # a sample person's key
    title: str
    status: str
    days_ago: int = 0  # for a held meeting
    at: tuple[int, int] = (10, 0)  # hour, minute on the user's clock
    kind: str = "informational"
    minutes: int = 30
    place: str = ""
    purpose: str = ""
    research: str = ""
    notes: str = ""
    takeaways: str = ""
    promised: str = ""
    offered: str = ""
    questions: list[Question] = field(default_factory=list)
    thanks: str = ""  # the thank-you email's line on the timeline


HANA = Interview(
    person="hana",
    title="Informational interview with Hana Lindqvist",
    status="held",
    days_ago=21,
    at=(17, 30),
    place="Café Linde, next to Cobalt Health's office",
    purpose=(
        "Learn how Cobalt Health's data platform team works and what they look for, ahead "
        "of their spring hiring. Not asking for a job."
    ),
    research=(
        "- Cobalt Health: scheduling and remote-monitoring software for about 40 clinics.\n"
        "- Hana leads the data platform team (8 people); five years at Meridian Logistics "
        "before that.\n"
        "- Their engineering blog: moving from nightly batch jobs to streaming; a post on "
        "de-identifying patient data.\n"
        "- New health-data rules next year require an audit trail for every data access."
    ),
    notes=(
        "## Cobalt Health's data platform\n\n"
        "- Eight engineers; platform and analytics split into two teams last year\n"
        "- Moving the device data from nightly batches to streaming\n\n"
        "## Cobalt's audit-trail deadline\n\n"
        "- Every data access logged by next year; half the roadmap is compliance work\n"
        "- They want people who can explain privacy trade-offs to clinicians\n\n"
        "## Cobalt's spring hiring\n\n"
        "- Two platform roles open in spring; most hires come through referrals\n"
        "- A small project with messy real-world data says more than certificates"
    ),
    takeaways=(
        "Learn the basics of streaming before spring.\n"
        "Describe my Brightwell pipeline work as owning data quality end to end.\n"
        "Clinical context matters: read how clinics actually use remote monitoring."
    ),
    promised="Send her the data-quality checklist we used at Brightwell (the public version).",
    offered=(
        "Will look at my portfolio project and pass my CV to the hiring manager when the "
        "spring roles open. Introduced me to Mei Wu."
    ),
    questions=[
        (
            "industry",
            "What changes in your industry over the last two or three years surprised you most?",
            "How fast clinics took to remote monitoring after years of resistance; the "
            "data volumes tripled in two years.",
        ),
        (
            "industry",
            "How is new technology or regulation changing the day-to-day work?",
            "The audit-trail rules: half the roadmap is compliance work nobody outside sees.",
        ),
        (
            "industry",
            "Which skills are becoming more valuable in this field, and which are fading?",
            "Data modelling and privacy engineering up; hand-written ETL scripts fading.",
        ),
        (
            "organisation",
            "What has changed in the organisation since you joined?",
            "From 60 to 200 people; the data team split into platform and analytics.",
        ),
        (
            "organisation",
            "What are the team's priorities for the coming year?",
            "Streaming from the devices, audit logging, and self-service data so analysts "
            "stop waiting on engineers.",
        ),
        (
            "organisation",
            "How do people usually join the organisation, and what makes someone stand out?",
            "Mostly referrals. People who understand clinical workflows, not only tools.",
        ),
        (
            "person",
            "How did you get to where you are now? Which steps mattered most?",
            "Started as an analyst in logistics; volunteering to own her team's pipeline "
            "was the turning point.",
        ),
        (
            "person",
            "What is the hardest part of your job that nobody sees?",
            "Saying no to one more dashboard so that the platform work gets done.",
        ),
        (
            "person",
            "Looking back, what do you wish you had known when you started?",
            "",
        ),
        (
            "person",
            "Is there anything I could help you with, or something useful I could send you?",
            "She is looking for a good data-quality checklist for the new device feeds.",
        ),
        (
            "closing",
            WHO_ELSE,
            "Mei Wu at Meridian Logistics: built their forecasting platform, used to be on "
            "Hana's team.",
        ),
        ("closing", MAY_I_MENTION, "Yes, and she will tell Mei to expect my email."),
    ],
    thanks="Email: Thank you for the coffee and the advice",
)

OMAR = Interview(
    person="omar",
    title="Informational interview with Omar Haddad",
    status="held",
    days_ago=5,
    at=(16, 0),
    place="Video call",
    purpose=(
        "Understand what an ML platform team does day to day and whether my data-pipeline "
        "experience carries over. Priya introduced us."
    ),
    research=(
        "- Northwind Analytics: forecasting and pricing models for retailers, about 350 "
        "people.\n"
        "- Omar manages the ML platform team: feature store, model deployment, monitoring.\n"
        "- His meetup talk last spring: “Feature stores without the hype”.\n"
        "- Northwind opened a second office last year and is hiring for platform roles."
    ),
    notes=(
        "## Northwind's ML platform team\n\n"
        "- Feature store, model deployment and monitoring for twelve data-science teams\n"
        "- Judged by how fast those teams ship\n\n"
        "## Northwind's cloud bill\n\n"
        "- Training runs doubled the cloud bill; every team now reports cost per model\n\n"
        "## MLOps skills that matter\n\n"
        "- One small end-to-end project beats another course\n"
        "- Pipeline work counts: monitoring and data quality are half the job"
    ),
    takeaways=(
        "Build one end-to-end project (data in, model served, monitored) and write it up.\n"
        "Learn the basics of model monitoring.\n"
        "Knowing what things cost is a selling point."
    ),
    promised="Send him the write-up of my project when it is done.",
    offered="Will send the newsletters his team reads; happy to review the project write-up.",
    questions=[
        (
            "industry",
            "Where do you think the field will be in five years, and what is driving that?",
            "Fewer one-off models, more shared platforms; the bottleneck is data quality, "
            "not algorithms.",
        ),
        (
            "industry",
            "Which companies or teams do you see as setting the pace right now, and why?",
            "Teams that run models like any production software: tests, monitoring, on-call.",
        ),
        (
            "industry",
            "Which skills are becoming more valuable in this field, and which are fading?",
            "Software engineering around models; notebook-only work matters less.",
        ),
        (
            "industry",
            "Which publications, communities or events do people in this field actually follow?",
            "The local MLOps meetup and two newsletters; he will send the names.",
        ),
        (
            "organisation",
            "What keeps the leadership up at night at the moment?",
            "Cloud costs. Training runs doubled the bill this year.",
        ),
        (
            "organisation",
            "How does your role fit with the teams around you; who depends on your work?",
            "Twelve data-science teams ship through the platform.",
        ),
        ("organisation", "What does a typical week look like for you?", ""),
        (
            "person",
            "What part of your work do you enjoy the most?",
            "Seeing a data scientist ship in a day what used to take a month.",
        ),
        (
            "person",
            "If you were in my position today, what would you do first?",
            "Build one small project end to end and write it up honestly, failures included.",
        ),
        ("person", "What are you learning or trying to get better at right now?", ""),
        (
            "closing",
            WHO_ELSE,
            "Felix Schmidt on his team: moved from healthcare analytics to ML platform two "
            "years ago.",
        ),
        ("closing", MAY_I_MENTION, "Check with him first; Felix is swamped until the release."),
    ],
)

INES = Interview(
    person="ines",
    title="Informational interview with Inés Moreau",
    status="scheduled",
    place="Bluefjord Energy, Harbour Street office (reception, 2nd floor)",
    purpose=(
        "Learn how Bluefjord's data team supports the move to wind and solar, and what "
        "they look for in data engineers. Aiko suggested I talk to her."
    ),
    research=(
        "- Bluefjord Energy: regional utility moving to wind and solar; smart-meter rollout "
        "under way.\n"
        "- Inés grew the data team from 3 to 25 people in four years.\n"
        "- Quoted in the trade press on forecasting demand from smart-meter data.\n"
        "- Ask Aiko beforehand what Inés cares about most."
    ),
    questions=[
        (
            "industry",
            "How does money actually flow here: who pays, for what, and where are margins "
            "under pressure?",
            "",
        ),
        ("industry", "How is new technology or regulation changing the day-to-day work?", ""),
        ("industry", "What do outsiders usually misunderstand about this industry?", ""),
        ("organisation", "What are the team's priorities for the coming year?", ""),
        (
            "organisation",
            "How does the smart-meter rollout change what the data team works on?",
            "",
        ),
        ("organisation", "How are decisions made here: top down, by consensus, by data?", ""),
        ("person", "What part of your work do you enjoy the most?", ""),
        ("person", "Who or what helped you most along the way?", ""),
        (
            "person",
            "Is there anything I could help you with, or something useful I could send you?",
            "",
        ),
        ("closing", WHO_ELSE, ""),
        ("closing", MAY_I_MENTION, ""),
    ],
)

OLDER_MEETINGS = [
    Interview(
        person="mentor",
        title="Coffee with Priya Rao about platform work",
        status="held",
        days_ago=63,
        at=(8, 30),
        kind="coffee",
        minutes=45,
        place="Bean There, Market Square",
        purpose="Our monthly coffee: how to move towards data platform work.",
        notes=(
            "## Moving towards platform work\n\n"
            "- My pipeline work at Brightwell is the right starting point\n"
            "- Informational interviews before applications: people hire people they "
            "have met\n\n"
            "## Next steps\n\n"
            "- A list of ten people whose work I admire\n"
            "- Priya will think about who she knows at Northwind"
        ),
        takeaways="Start with conversations, not applications.",
        promised="Send Priya my list of ten people.",
        offered="Will ask around for someone on Northwind's ML platform team.",
        thanks="Email: Thanks for the coffee and the push",
    ),
    Interview(
        person="supervisor",
        title="Call with Freya Berg about research or industry",
        status="held",
        days_ago=160,
        at=(14, 0),
        kind="call",
        place="Phone",
        purpose="Ask my thesis supervisor whether a PhD or industry suits what I want to do.",
        notes=(
            "## Research or industry\n\n"
            "- A PhD makes sense only with a question I cannot let go of\n"
            "- Industry data work teaches what real data looks like\n\n"
            "## People to talk to\n\n"
            "- Former students of hers now in industry"
        ),
        takeaways="Industry first; keep a foot in research through the meetup.",
        thanks="Email: Thank you for the call and the honest advice",
    ),
]

# (person, days ago, hour, kind, summary, give/ask): last-interaction dates from a week
# to ten months back, so that some keep-in-touch intervals have lapsed and some not.
INTERACTIONS: list[tuple[str, int, int, str, str, str | None]] = [
    ("aunt", 28, 19, "call", "Asked Ingrid whether Hana would have half an hour for me", "ask"),
    ("aunt", 19, 18, "call", "Told Ingrid how the coffee with Hana went", None),
    ("cousin", 75, 20, "call", "Birthday call; his studio needs a part-time developer", None),
    ("friend", 52, 21, "message", "Nadia reviewed my CV; we swapped job-hunting notes", None),
    ("climber", 12, 18, "message", "Booked the bouldering gym for Thursday", None),
    ("mentor", 33, 12, "message", "Asked Priya who she knows on Northwind's ML platform team",
     "ask"),
    ("mentor", 4, 9, "email", "Told Priya how the call with Omar went; thanked her", None),
    ("cto", 40, 10, "email", "Sent Aiko the slides of my meetup talk on data quality", "give"),
    ("cto", 11, 13, "message", "Aiko suggested Inés Moreau at Bluefjord and introduced us",
     None),
    ("lecturer", 110, 11, "email", "Asked Tariq for his reading list on forecasting", "ask"),
    ("study", 40, 20, "message", "Sent Olga a data-science opening that fits her", "give"),
    ("project", 150, 19, "message", "Congratulated Mateo on the new job at the council", None),
    ("desk", 80, 12, "call", "Caught up with Elif about Brightwell's cloud migration", None),
    ("designer", 45, 17, "message", "Sent Bruno a talk on accessible onboarding", "give"),
    ("manager", 130, 10, "email", "Asked Samuel whether he would still be a reference", "ask"),
    ("client", 50, 15, "email", "Sent Jonas the summary of the project's second phase", "give"),
    ("vendor", 90, 14, "call", "Contract renewal call", None),
    ("meetup", 18, 21, "note", "Gave a lightning talk on data-quality checks at his meetup",
     None),
    ("club", 200, 18, "message", "Planned the spring coding-club sessions", None),
    ("accountant", 240, 16, "call", "Questions about the tax return", None),
    ("neighbour", 9, 18, "note", "Chatted over the fence about the robot arm she is building",
     None),
    ("train", 300, 20, "message", "Sofia sent the trailer of her new game", None),
    ("omar", 14, 10, "email", "Replied to Priya's introduction; Omar suggested a video call",
     None),
    ("flatmate", 6, 19, "message", "Sunday dinner plans", None),
    ("runner", 3, 7, "note", "Ran the river loop; Noah says Bluefjord's data team is growing",
     None),
    ("choir", 35, 21, "note", "After rehearsal: she wants to move into health data too", None),
    ("oncall", 25, 18, "message", "Chloé asked how the job search is going", None),
    ("intern", 60, 11, "email", "Sent Ravi a course on SQL performance", "give"),
]  # fmt: skip

# Who knows whom among the people the user knows (referrals add the introductions).
LINKS = [
    ("aunt", "cousin"),
    ("friend", "climber"),
    ("friend", "study"),
    ("study", "project"),
    ("supervisor", "lecturer"),
    ("supervisor", "study"),
    ("desk", "designer"),
    ("desk", "manager"),
    ("designer", "manager"),
    ("mentor", "manager"),
    ("cto", "meetup"),
    ("meetup", "study"),
    ("client", "project"),
    ("club", "train"),
    ("climber", "neighbour"),
    ("accountant", "cousin"),
    ("accountant", "train"),
    ("vendor", "desk"),
    ("flatmate", "friend"),
    ("runner", "climber"),
    ("runner", "ines"),
    ("choir", "aunt"),
    ("oncall", "desk"),
    ("oncall", "intern"),
    ("intern", "manager"),
]
