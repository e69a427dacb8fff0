{{%AUTOESCAPE context="HTML"}}<h1>{{TITLE}}</h1>
{{>ERRORS}}
<p class="hint">{{T_ed_required:none}}</p>
<form method="post" action="{{ACTION}}" novalidate>
<input type="hidden" name="csrf" value="{{CSRF}}">
<p>{{T_ed_your_question:none}}</p>
<p class="lead" id="question-text">{{QUESTION}}</p>
<div class="field{{#ERROR_reponse}} has-error{{/ERROR_reponse}}">
<label for="reponse">{{T_ed_type_answer:none}}</label>
{{#ERROR_reponse}}<p class="field-error" id="reponse-error">{{MESSAGE}}</p>{{/ERROR_reponse}}
<input id="reponse" name="reponse" type="password" autocomplete="off" spellcheck="false" required maxlength="200"{{#ERROR_reponse}} aria-invalid="true" aria-describedby="reponse-error"{{/ERROR_reponse}}>
</div>
<div class="field{{#ERROR_identifiant}} has-error{{/ERROR_identifiant}}">
<label for="identifiant">{{T_ed_type_id:none}}</label>
{{#ERROR_identifiant}}<p class="field-error" id="identifiant-error">{{MESSAGE}}</p>{{/ERROR_identifiant}}
<input id="identifiant" name="identifiant" type="password" autocomplete="off" spellcheck="false" required maxlength="32"{{#ERROR_identifiant}} aria-invalid="true" aria-describedby="identifiant-error"{{/ERROR_identifiant}}>
</div>
<fieldset class="field{{#ERROR_canal}} has-error{{/ERROR_canal}}" id="canal">
<legend>{{T_ed_send_link:none}}</legend>
{{#ERROR_canal}}<p class="field-error" id="canal-error">{{MESSAGE}}</p>{{/ERROR_canal}}
<p><input type="radio" id="canal-sms" name="canal" value="sms"{{#SMS_CHECKED}} checked{{/SMS_CHECKED}}> <label for="canal-sms">{{T_ed_by_sms:none}}</label></p>
<div class="field{{#ERROR_mobile}} has-error{{/ERROR_mobile}}">
<label for="mobile">{{T_ed_mobile:none}}</label>
{{#ERROR_mobile}}<p class="field-error" id="mobile-error">{{MESSAGE}}</p>{{/ERROR_mobile}}
<input id="mobile" name="mobile" type="tel" value="{{MOBILE}}" autocomplete="off" maxlength="32"{{#ERROR_mobile}} aria-invalid="true" aria-describedby="mobile-error"{{/ERROR_mobile}}>
</div>
<p><input type="radio" id="canal-email" name="canal" value="email"{{#EMAIL_CHECKED}} checked{{/EMAIL_CHECKED}}> <label for="canal-email">{{T_ed_by_email:none}}</label></p>
<div class="field{{#ERROR_email}} has-error{{/ERROR_email}}">
<label for="email">{{T_ed_email:none}}</label>
{{#ERROR_email}}<p class="field-error" id="email-error">{{MESSAGE}}</p>{{/ERROR_email}}
<input id="email" name="email" type="email" value="{{EMAIL}}" autocomplete="off" maxlength="254"{{#ERROR_email}} aria-invalid="true" aria-describedby="email-error"{{/ERROR_email}}>
</div>
</fieldset>
{{>CAPTCHA}}
<p><button type="submit">{{T_button_validate:none}}</button> <a class="button secondary" href="{{BACK_URL}}">{{T_button_back:none}}</a></p>
</form>
<p class="hint">{{T_ed_warning_address:none}}</p>
<p class="hint" id="not-stored">{{T_ed_info_not_stored:none}}</p>
