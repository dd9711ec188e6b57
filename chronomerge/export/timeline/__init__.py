"""The interactive timeline: one lane per agency, the gaps and the flags.

Panel members who would rather look than read see who was involved when,
where nobody was, where several agencies saw the same thing and where the
flags fall. :func:`timeline_figure` builds the Plotly figure (for Jupyter);
:func:`write_timeline` writes it as one self-contained HTML page that works
with no network.

Lanes are in the agencies' colours; a marker's colour says what kind of
event it is (child protection, health, police...) and its shape which event
type. All text from the agencies is escaped before it reaches Plotly, whose
hover and legend text understand a little HTML: a description holding
``<script>`` is shown as those characters.

The modules, in the order the figure is made: ``placing`` (the lanes, each
dated entry in its lane), ``hover`` (each entry's hover text), ``traces``
(markers, period bars, links), ``gaps``, ``flags``, ``frame`` (bands,
period, key dates, axes, key), ``people`` (which points name each person,
for the page's Person control), ``figure`` (all of them together), and
``page`` (the self-contained HTML and its Content-Security-Policy);
``values`` and ``display`` serve them all.
"""

from .display import TimelineFigure, safe_config
from .figure import WEBGL_FROM, timeline_figure, write_timeline
from .hover import WRAP_WIDTH
from .page import content_security_policy, page_html, unpack, write_page
from .placing import FLAG_LANE
from .traces import look

__all__ = [
    "FLAG_LANE",
    "WEBGL_FROM",
    "WRAP_WIDTH",
    "TimelineFigure",
    "content_security_policy",
    "look",
    "page_html",
    "safe_config",
    "timeline_figure",
    "unpack",
    "write_page",
    "write_timeline",
]
