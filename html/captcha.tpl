{{%AUTOESCAPE context="HTML"}}{{#CAPTCHA}}<fieldset class="field captcha{{#ERROR_captcha}} has-error{{/ERROR_captcha}}">
<legend>Code de sécurité</legend>
<input type="hidden" name="captcha_id" value="{{ID}}">
<p class="captcha-image"><img src="{{IMAGE_URL}}" width="200" height="70" alt="Code de sécurité : 4 chiffres à recopier. Si vous ne pouvez pas les lire, écoutez-les ci-dessous."></p>
<p class="captcha-audio"><span id="captcha-listen">Écouter les chiffres :</span> <audio controls preload="none" src="{{AUDIO_URL}}" aria-labelledby="captcha-listen"><a href="{{AUDIO_URL}}">Écouter les chiffres</a></audio></p>
<p class="captcha-new">Image ou son peu clairs ? <a href="{{NEW_URL}}">Nouveau code</a></p>
<label for="captcha">Saisissez les 4 chiffres</label>
{{#ERROR_captcha}}<p class="field-error" id="captcha-error">{{MESSAGE}}</p>{{/ERROR_captcha}}
<input id="captcha" name="captcha" type="text" inputmode="numeric" autocomplete="off" autocapitalize="none" spellcheck="false" required maxlength="16" class="captcha-input"{{#ERROR_captcha}} aria-invalid="true" aria-describedby="captcha-error"{{/ERROR_captcha}}>
</fieldset>{{/CAPTCHA}}
