{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>{{#EMAIL}}{{T_ed_sent_email:none}}{{/EMAIL}}{{#SMS}}{{T_ed_sent_sms:none}}{{/SMS}}</p></div>
<p>{{T_ed_sent_once:none}}</p>
<p><a class="button secondary" href="{{VOTE_URL}}">{{T_ed_back_vote:none}}</a></p>
