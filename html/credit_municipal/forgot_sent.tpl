{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>{{T_request_received}}</p></div>
<p>{{T_cm_sent_if}}</p>
<ul>
<li>{{T_cm_sent_mail_a}} <strong>{{T_cm_sent_mail_b}}</strong> {{T_cm_sent_mail_c}}</li>
<li>{{T_cm_sent_sms_a}} <strong>{{T_cm_sent_sms_b}}</strong> {{T_cm_sent_sms_c}}</li>
</ul>
<p>{{T_cm_sent_then}}</p>
<p>{{T_sent_spam}}</p>
<p><a class="button secondary" href="{{LOGIN_URL}}">{{T_button_back}}</a></p>
