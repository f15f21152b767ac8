"""Opens a DOCX in LibreOffice (headless, over UNO) the way a reviewer would.

Usage: /usr/bin/python3 lo-review.py FILE.docx PROFILE_DIR

Prints JSON: the tracked changes LibreOffice sees (type, author, date, text),
whether change recording is on, and the body paragraphs as they read with the
changes shown, after Accept All and after Reject All. Needs LibreOffice's
Python bridge (Debian: python3-uno, pulled in by libreoffice-writer-nogui)
and the system Python that bridge was built for.
"""
import json
import os
import subprocess
import sys
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def paragraphs(doc):
    texts = []
    en = doc.Text.createEnumeration()
    while en.hasMoreElements():
        part = en.nextElement()
        if part.supportsService('com.sun.star.text.Paragraph'):
            texts.append(part.getString())
    return texts


def redlines(doc):
    found = []
    en = doc.Redlines.createEnumeration()
    while en.hasMoreElements():
        r = en.nextElement()
        d = r.RedlineDateTime
        cursor = r.RedlineStart.Text.createTextCursorByRange(r.RedlineStart)
        cursor.gotoRange(r.RedlineEnd, True)
        found.append({
            'type': r.RedlineType,
            'author': r.RedlineAuthor,
            'date': f'{d.Year:04}-{d.Month:02}-{d.Day:02}T{d.Hours:02}:{d.Minutes:02}:{d.Seconds:02}',
            'text': cursor.getString(),
        })
    return found


def main():
    path = os.path.abspath(sys.argv[1])
    profile = os.path.abspath(sys.argv[2])
    pipe = f'jdgen-{uuid.uuid4().hex}'
    office = subprocess.Popen(
        ['soffice', f'-env:UserInstallation=file://{profile}', '--headless', '--invisible', '--norestore',
         f'--accept=pipe,name={pipe};urp;'],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    desktop = None
    try:
        local = uno.getComponentContext()
        resolver = local.ServiceManager.createInstanceWithContext('com.sun.star.bridge.UnoUrlResolver', local)
        ctx = None
        for _ in range(300):
            try:
                ctx = resolver.resolve(f'uno:pipe,name={pipe};urp;StarOffice.ComponentContext')
                break
            except Exception:
                time.sleep(0.1)
        if ctx is None:
            raise RuntimeError('LibreOffice did not start')
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext('com.sun.star.frame.Desktop', ctx)
        dispatcher = smgr.createInstanceWithContext('com.sun.star.frame.DispatchHelper', ctx)
        out = {}
        for action in ['shown', 'AcceptAllTrackedChanges', 'RejectAllTrackedChanges']:
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(path), '_blank', 0, (prop('Hidden', True),))
            if action == 'shown':
                out['redlines'] = redlines(doc)
                out['recording'] = bool(doc.RecordChanges)
            else:
                dispatcher.executeDispatch(doc.CurrentController.Frame, f'.uno:{action}', '', 0, ())
                out['remaining'] = out.get('remaining', 0) + len(redlines(doc))
            out[action] = paragraphs(doc)
            doc.close(True)
        print(json.dumps(out, ensure_ascii=False))
    finally:
        if desktop is not None:
            try:
                desktop.terminate()
            except Exception:
                pass
        try:
            office.wait(timeout=30)
        except subprocess.TimeoutExpired:
            office.kill()


if __name__ == '__main__':
    main()
