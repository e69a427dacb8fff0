{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
<div class="notice" role="status"><p>{{T_request_received:none}}</p></div>
<p>{{T_cm_sent_if:none}}</p>
<ul>
<li>{{T_cm_sent_mail_a:none}} <strong>{{T_cm_sent_mail_b:none}}</strong> {{T_cm_sent_mail_c:none}}</li>
<li>{{T_cm_sent_sms_a:none}} <strong>{{T_cm_sent_sms_b:none}}</strong> {{T_cm_sent_sms_c:none}}</li>
</ul>
<p>{{T_cm_sent_then:none}}</p>
<p>{{T_sent_spam:none}}</p>
<p><a class="button secondary" href="{{LOGIN_URL}}">{{T_button_back:none}}</a></p>
