{{%AUTOESCAPE context="HTML"}}{{#CAPTCHA}}<fieldset class="field captcha{{#ERROR_captcha}} has-error{{/ERROR_captcha}}">
<legend>{{T_captcha_legend:none}}</legend>
<input type="hidden" name="captcha_id" value="{{ID}}">
<p class="captcha-image"><img src="{{IMAGE_URL}}" width="200" height="70" alt="{{T_captcha_alt:none}}"></p>
<p class="captcha-audio"><span id="captcha-listen">{{T_captcha_listen:none}}</span> <audio controls preload="none" src="{{AUDIO_URL}}" aria-labelledby="captcha-listen"><a href="{{AUDIO_URL}}">{{T_captcha_listen_link:none}}</a></audio></p>
<p class="captcha-new">{{T_captcha_unclear:none}} <a href="{{NEW_URL}}">{{T_captcha_new:none}}</a></p>
<label for="captcha">{{T_captcha_label:none}}</label>
{{#ERROR_captcha}}<p class="field-error" id="captcha-error">{{MESSAGE}}</p>{{/ERROR_captcha}}
<input id="captcha" name="captcha" type="text" inputmode="numeric" autocomplete="off" autocapitalize="none" spellcheck="false" required maxlength="16" class="captcha-input"{{#ERROR_captcha}} aria-invalid="true" aria-describedby="captcha-error"{{/ERROR_captcha}}>
</fieldset>{{/CAPTCHA}}
